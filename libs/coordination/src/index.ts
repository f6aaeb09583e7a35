/**
 * The Redis connection's injection token: `Redis` when REDIS_URL is set,
 * `null` for in-process coordination. Its own lib so that domain libs can
 * use Redis without importing the infrastructure module (which imports the
 * migrations, which import the domain libs' entities).
 */
export const REDIS = Symbol('REDIS');
