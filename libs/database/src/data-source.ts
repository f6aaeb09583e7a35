import { DataSource } from 'typeorm';
import type { DataSourceOptions, MixedList } from 'typeorm';

export interface QuarryDataSourceOptions {
  readonly url: string;
  readonly poolSize?: number;
  /** Entities listed explicitly: no globs, no path tricks. */
  readonly entities:
    MixedList<string | (new () => unknown)> | NonNullable<DataSourceOptions['entities']>;
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
  readonly applicationName?: string;
}

export function createDataSource(options: QuarryDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities as DataSourceOptions['entities'],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'quarry',
    extra: { connectionTimeoutMillis: 10_000 },
  });
}
