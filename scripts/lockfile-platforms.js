#!/usr/bin/env node
// This workplace's npm registry mirror carries only the linux-x64 builds of
// packages that ship one optional package per platform (@swc/core,
// unrs-resolver), so `npm install` leaves the other platforms out of
// package-lock.json and `npm ci` then refuses the lock. This records each
// missing platform package as npm would for a foreign platform (optional,
// with os/cpu), which `npm ci` skips without fetching.
// Run after changing dependencies: node scripts/lockfile-platforms.js
const { readFileSync, writeFileSync } = require('node:fs');

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

/** `@swc/core-linux-arm-gnueabihf` → { os: linux, cpu: arm, libc: glibc }. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  return {
    os: parts.find((p) => OS.includes(p)),
    cpu: parts.find((p) => CPU.includes(p)),
    libc: parts.includes('musl')
      ? 'musl'
      : parts.some((p) => p.startsWith('gnu'))
        ? 'glibc'
        : undefined,
  };
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) continue; // not a per-platform build: leave it to npm
    lock.packages[key] = {
      version,
      ...(entry.dev && { dev: true }),
      optional: true,
      ...(cpu && { cpu: [cpu] }),
      ...(os && { os: [os] }),
      ...(libc && { libc: [libc] }),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: recorded ${added} foreign-platform optional packages`);
