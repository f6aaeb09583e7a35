import type { Redis } from 'ioredis';

/**
 * The Redis connection's injection token: `Redis` when REDIS_URL is set,
 * `null` for in-process coordination. Its own lib so that domain libs can
 * use Redis without importing the infrastructure module (which imports the
 * migrations, which import the domain libs' entities).
 */
export const REDIS = Symbol('REDIS');

/**
 * Listens on one pub/sub channel over a connection of its own (a subscribed
 * connection can do nothing else). The subscription queues until Redis
 * answers and is never awaited, so an outage at start delays messages, not
 * the start; `onReconnect` runs after each reconnection, when messages may
 * have been missed. Returns the connection, to disconnect on shutdown.
 */
export function subscribeToChannel(
  redis: Redis,
  channel: string,
  handlers: {
    readonly onMessage: (message: string) => void;
    readonly onReconnect?: () => void;
    readonly warn: (line: string) => void;
  },
): Redis {
  const subscriber = redis.duplicate({ enableOfflineQueue: true, enableAutoPipelining: false });
  subscriber.on('error', (error: Error) => handlers.warn(`${channel}: ${error.message}`));
  subscriber.on('message', (_channel: string, message: string) => handlers.onMessage(message));
  if (handlers.onReconnect) subscriber.on('ready', handlers.onReconnect);
  subscriber.subscribe(channel).catch((error: unknown) => {
    handlers.warn(`${channel} not subscribed: ${String(error)}`);
  });
  return subscriber;
}

export { THREAD_GROUP, ThreadGroup } from './thread-group';
export type { ThreadChannel } from './thread-group';
