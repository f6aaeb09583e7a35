import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy';

/** Resolves a host name to every address it has (like `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const defaultResolveHost: ResolveHost = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

/** A connection refused by the address policy; no socket was opened. */
export class BlockedAddressError extends Error {
  readonly code = 'QUARRY_BLOCKED_ADDRESS';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`Refused to connect to ${hostname} (${address}, ${range} range)`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export interface GuardedAgentOptions {
  readonly policy: AddressPolicy;
  readonly resolveHost: ResolveHost;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

/**
 * An undici Agent whose every connection is checked against the address
 * policy at connect time: IP-literal hosts before the socket is opened, host
 * names inside the `lookup` that `net.connect` uses, so the address checked
 * is the address connected to (no DNS rebinding between check and connect).
 * A name with any refused address is refused entirely.
 */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  const { policy, resolveHost } = options;

  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback) => {
    resolveHost(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '');
          return;
        }
        for (const { address } of addresses) {
          const check = policy.check(address);
          if (!check.allowed) {
            callback(new BlockedAddressError(hostname, address, check.range), '');
            return;
          }
        }
        const family = lookupOptions.family;
        const wanted =
          family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (lookupOptions.all === true) {
          callback(null, [...wanted]);
        } else if (wanted.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '');
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

  const connectSocket = buildConnector({ timeout: options.connectTimeoutMs, lookup });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const { hostname } = connectOptions;
    if (isIP(hostname) !== 0) {
      const check = policy.check(hostname);
      if (!check.allowed) {
        callback(new BlockedAddressError(hostname, hostname, check.range), null);
        return;
      }
    }
    connectSocket(connectOptions, callback);
  };

  return new Agent({
    connect,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    keepAliveTimeout: 4_000,
  });
}
