import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.EVENT_STORE).toBe('postgres');
    expect(config.QUARRY_ROLE).toBe('all');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and keeps valid URLs', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h:5432/db',
      REDIS_URL: 'redis://h:6379',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://u@h:5432/db');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable with a clear reason, hiding secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', EVENT_STORE: 'mysql', DATABASE_URL: 'mysql://secret@h/db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT="eighty": .*integer/m);
    expect(problems).toMatch(/^EVENT_STORE="mysql": .*postgres, esdb/m);
    expect(problems).toMatch(/^DATABASE_URL=\(hidden\): must be a postgres:\/\/ URL/m);
    expect(problems).not.toContain('secret');
  });

  it('requires a connection string when the event store is EventStoreDB', () => {
    expect(() => loadConfig({ EVENT_STORE: 'esdb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING \(unset\): must be an esdb:\/\//,
    );
    expect(
      loadConfig({
        EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      }).EVENT_STORE,
    ).toBe('esdb');
  });
});
