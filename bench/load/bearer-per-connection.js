'use strict';
// autocannon setupClient for worker threads (which need a file, not a function): each
// connection sends keys of its own from BENCH_API_KEYS, as separate clients would. With
// BENCH_KEYS_PER_CONNECTION > 1 a connection takes turns with that many keys, so that a fast
// server does not push one key past its plan's per-second burst limit.
const keys = (process.env.BENCH_API_KEYS || '').split(',').filter(Boolean);
const perConnection = Math.max(1, Number(process.env.BENCH_KEYS_PER_CONNECTION) || 1);
let next = 0;

module.exports = function setupClient(client) {
  if (keys.length === 0) return;
  const own = Array.from({ length: perConnection }, () => keys[next++ % keys.length]);
  let turn = 0;
  const useNextKey = () =>
    client.setHeaders({ authorization: `Bearer ${own[turn++ % own.length]}` });
  useNextKey();
  if (own.length > 1) client.on('response', useNextKey);
};
