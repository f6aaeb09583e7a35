#!/usr/bin/env node
// `npx quarry …` in a checkout: runs the compiled CLI (built by `npm ci` through the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('Quarry is not built yet: run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
require(main);
