#!/usr/bin/env node
// Runs the TypeORM CLI against migrations/schema.ts.
//   node scripts/typeorm.js migration:run|migration:generate <path>|…  (uses DATABASE_URL)
//   node scripts/typeorm.js migration:check   migrates a scratch database and fails
//                                            when the entities and migrations disagree.
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const cli = require.resolve('typeorm/cli.js');

function typeorm(url, args) {
  const env = { ...process.env, QUARRY_TYPEORM_URL: url };
  delete env.NODE_OPTIONS;
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', cli, ...args, '-d', 'scripts/typeorm-data-source.ts'],
    {
      stdio: ['ignore', process.env.TYPEORM_VERBOSE ? 'inherit' : 'pipe', 'inherit'],
      env,
    },
  );
  if (result.status !== 0 && result.stdout) process.stdout.write(result.stdout);
  return result.status ?? 1;
}

function psql(sql) {
  const { Client } = require('pg');
  return (async () => {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  })();
}

async function check() {
  const name = `quarry_migcheck_${randomBytes(4).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  await psql(`CREATE DATABASE "${name}"`);
  try {
    if (typeorm(url.toString(), ['migration:run']) !== 0) return 1;
    const status = typeorm(url.toString(), [
      'migration:generate',
      '--check',
      '--dryrun',
      'migrations/check',
    ]);
    console.log(
      status === 0
        ? 'migration:check: entities and migrations agree'
        : 'migration:check: entities and migrations DIFFER (see above)',
    );
    return status;
  } finally {
    await psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'migration:check') {
  check().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  process.exit(typeorm(server, [command, ...rest]));
}
