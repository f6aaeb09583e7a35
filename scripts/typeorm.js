#!/usr/bin/env node
// Runs the TypeORM CLI against migrations/schema.ts. `migration:check` fails
// when the entities and the migrations disagree (an empty generate diff).
require('@swc-node/register');
const { spawnSync } = require('node:child_process');
const [command, ...rest] = process.argv.slice(2);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const env = { ...process.env, QUARRY_TYPEORM_URL: url };
delete env.NODE_OPTIONS;
const cli = require.resolve('typeorm/cli.js');
const args =
  command === 'migration:check'
    ? ['migration:generate', '--check', '--dryrun', 'migrations/check', '-d', 'scripts/typeorm-data-source.ts']
    : [command, ...rest, '-d', 'scripts/typeorm-data-source.ts'];
const result = spawnSync(process.execPath, ['-r', '@swc-node/register', cli, ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
