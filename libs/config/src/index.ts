export { CONFIG_DOCS, QuarryConfig } from './config.schema';
export type { ConfigVariableDoc } from './config.schema';
export { ConfigError, loadConfig } from './load-config';
