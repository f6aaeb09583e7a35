import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

/** Every variable Quarry reads, declared once: its description and whether it is secret. */
export interface ConfigVariableDoc {
  readonly description: string;
  readonly sensitive: boolean;
  readonly default?: string;
}

export const CONFIG_DOCS: Record<keyof QuarryConfig, ConfigVariableDoc> = {
  NODE_ENV: {
    description: 'production, development or test.',
    sensitive: false,
    default: 'development',
  },
  PORT: { description: 'HTTP port of the API.', sensitive: false, default: '3000' },
  HOST: { description: 'Interface the API listens on.', sensitive: false, default: '127.0.0.1' },
  DATABASE_URL: {
    description:
      'PostgreSQL for read models (and events when EVENT_STORE=postgres). Unset: an embedded PostgreSQL in ./.quarry.',
    sensitive: true,
  },
  DATABASE_POOL_SIZE: {
    description:
      'Connections of each pool: a process has two (events, read models), four with the worker thread of QUARRY_ROLE=all.',
    sensitive: false,
    default: '10',
  },
  REDIS_URL: {
    description:
      'Redis for coordination across instances. Unset: in-process coordination (one instance).',
    sensitive: true,
  },
  REDIS_KEY_PREFIX: {
    description: 'Prefix of every Redis key, so deployments (or test runs) can share one Redis.',
    sensitive: false,
    default: 'quarry:',
  },
  EVENT_STORE: {
    description: 'Where events live: postgres or esdb.',
    sensitive: false,
    default: 'postgres',
  },
  EVENTSTORE_CONNECTION_STRING: {
    description: 'EventStoreDB connection string; required when EVENT_STORE=esdb.',
    sensitive: true,
  },
  QUARRY_ROLE: {
    description: 'What this process runs: all (api + worker), api or worker.',
    sensitive: false,
    default: 'all',
  },
  QUARRY_WORKER_THREAD: {
    description:
      'With QUARRY_ROLE=all: run the worker (projections, sagas, crawling) on a thread of its own, so its work never holds up API requests. false: one thread.',
    sensitive: false,
    default: 'true',
  },
  QUARRY_DATA_DIR: {
    description: 'Folder of the embedded default (PostgreSQL data, runtime file).',
    sensitive: false,
    default: './.quarry',
  },
  LOG_LEVEL: {
    description: 'fatal, error, warn, info, debug or trace.',
    sensitive: false,
    default: 'info',
  },
  BODY_LIMIT_BYTES: {
    description: 'Largest accepted JSON request body.',
    sensitive: false,
    default: '1048576',
  },
  API_KEY_PEPPER: {
    description:
      'Server secret mixed into API-key hashes (≥ 32 characters). Unset in the embedded default: generated into the data folder.',
    sensitive: true,
  },
  PUBLIC_BASE_URL: { description: 'Base URL printed and used in links.', sensitive: false },
  SHUTDOWN_TIMEOUT_MS: {
    description: 'How long SIGTERM waits for in-flight work before exiting.',
    sensitive: false,
    default: '10000',
  },
  SCRAPER_ALLOW_PRIVATE_NETWORKS: {
    description:
      'Let crawls reach private, loopback and link-local addresses (tests, internal sites). Off: such targets are refused on every hop.',
    sensitive: false,
    default: 'false',
  },
  SCRAPER_DELAY_MS: {
    description: 'Politeness: pause between requests to one host (jittered); 0 turns it off.',
    sensitive: false,
    default: '1000',
  },
  SCRAPER_JOBS_PER_WORKER: {
    description: 'Scrape jobs one worker crawls at the same time.',
    sensitive: false,
    default: '4',
  },
  SCRAPER_LEASE_MS: {
    description:
      'How long a worker holds a job without renewing; after a crash another worker resumes the job once it runs out.',
    sensitive: false,
    default: '30000',
  },
  CREDIT_EXPIRY_INTERVAL_MS: {
    description: 'How often a worker looks for reservations and grants past their expiry.',
    sensitive: false,
    default: '5000',
  },
};

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** `true`/`false` (any case); anything else stays a string and fails IsBoolean with a clear line. */
const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^(true|false)$/i.test(value.trim())
    ? value.trim().toLowerCase() === 'true'
    : value;

/**
 * Validated with stopAtFirstError: decorators run from the property upwards,
 * so the type check sits right above each property and a value of the wrong
 * type gets one clear message rather than every range complaint.
 */
export class QuarryConfig {
  @IsIn(['production', 'development', 'test'])
  NODE_ENV: 'production' | 'development' | 'test' = 'development';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @Min(2)
  @Max(200)
  @IsInt()
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Matches(/^[\w:.-]{1,64}$/, {
    message: 'must be 1–64 letters, digits, colons, dots, dashes or underscores',
  })
  REDIS_KEY_PREFIX = 'quarry:';

  @IsIn(['postgres', 'esdb'])
  EVENT_STORE: 'postgres' | 'esdb' = 'postgres';

  @ValidateIf(
    (c: QuarryConfig) => c.EVENT_STORE === 'esdb' || c.EVENTSTORE_CONNECTION_STRING !== undefined,
  )
  @Matches(/^(esdb|kurrentdb|esdb\+discover|kurrentdb\+discover):\/\/\S+$/, {
    message: 'must be an esdb:// connection string (required when EVENT_STORE=esdb)',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsIn(['all', 'api', 'worker'])
  QUARRY_ROLE: 'all' | 'api' | 'worker' = 'all';

  @Transform(toBool)
  @IsBoolean()
  QUARRY_WORKER_THREAD = true;

  @IsString()
  @MinLength(1)
  QUARRY_DATA_DIR = './.quarry';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @Min(1024)
  @Max(50 * 1024 * 1024)
  @IsInt()
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsOptional()
  @IsString()
  @MinLength(32)
  API_KEY_PEPPER?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL?: string;

  @Transform(toInt)
  @Min(0)
  @Max(600_000)
  @IsInt()
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(100)
  @Max(3_600_000)
  @IsInt()
  CREDIT_EXPIRY_INTERVAL_MS = 5_000;

  @Transform(toBool)
  @IsBoolean()
  SCRAPER_ALLOW_PRIVATE_NETWORKS = false;

  @Transform(toInt)
  @Min(0)
  @Max(60_000)
  @IsInt()
  SCRAPER_DELAY_MS = 1000;

  @Transform(toInt)
  @Min(0)
  @Max(64)
  @IsInt()
  SCRAPER_JOBS_PER_WORKER = 4;

  @Transform(toInt)
  @Min(1000)
  @Max(600_000)
  @IsInt()
  SCRAPER_LEASE_MS = 30_000;
}
