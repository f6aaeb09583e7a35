'use strict';
// autocannon setupClient for worker threads (which need a file, not a function):
// each connection sends its own key from BENCH_API_KEYS, as separate clients would.
const keys = (process.env.BENCH_API_KEYS || '').split(',').filter(Boolean);
let next = 0;

module.exports = function setupClient(client) {
  if (keys.length === 0) return;
  client.setHeaders({ authorization: `Bearer ${keys[next++ % keys.length]}` });
};
