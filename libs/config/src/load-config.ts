import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CONFIG_DOCS, QuarryConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment once, at start. Empty strings count as
 * unset so `FOO=` in a shell does not turn into a confusing validation error.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): QuarryConfig {
  const known = Object.keys(CONFIG_DOCS) as (keyof QuarryConfig)[];
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const config = plainToInstance(QuarryConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, {
    whitelist: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const value = raw[e.property];
      const sensitive = CONFIG_DOCS[e.property as keyof QuarryConfig]?.sensitive;
      const shown =
        value === undefined ? ' (unset)' : sensitive ? '=(hidden)' : `=${JSON.stringify(value)}`;
      const reasons = Object.values(e.constraints ?? {}).map((m) =>
        m.replace(`${e.property} `, ''),
      );
      return `${e.property}${shown}: ${reasons.join('; ')}`;
    });
    throw new ConfigError(problems);
  }
  return config;
}
