import ipaddr from 'ipaddr.js';

/** Cloud metadata endpoints (AWS/GCP/Azure/OpenStack, AWS over IPv6): named for clearer refusals. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/**
 * The ipaddr.js range name of an address ('unicast' for ordinary public
 * addresses), 'metadata' for cloud metadata endpoints, 'invalid' for
 * anything that is not an IP address. IPv4-mapped IPv6 addresses
 * (::ffff:10.0.0.1) are classified as the IPv4 address they carry.
 */
export function classifyAddress(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address.startsWith('[') ? address.slice(1, -1) : address);
  } catch {
    return 'invalid';
  }
  if (METADATA.has(parsed.toNormalizedString()) || METADATA.has(parsed.toString())) {
    return 'metadata';
  }
  return parsed.range();
}

export type AddressCheck =
  { readonly allowed: true } | { readonly allowed: false; readonly range: string };

/**
 * Which resolved addresses the crawler may connect to. Only the 'unicast'
 * range is public: private (RFC 1918), loopback, link-local (and so the
 * metadata endpoints), CGNAT, multicast, broadcast, unspecified, reserved,
 * unique-local IPv6, and the IPv6 transition ranges that can embed an IPv4
 * address (6to4, Teredo, NAT64) are all refused.
 */
export class AddressPolicy {
  private readonly exceptions: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(
    private readonly allowPrivateNetworks: boolean,
    allowedAddresses: readonly string[] = [],
  ) {
    this.exceptions = allowedAddresses.map((entry) => {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const address = ipaddr.process(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    });
  }

  check(address: string): AddressCheck {
    const range = classifyAddress(address);
    if (range === 'invalid') return { allowed: false, range };
    if (this.allowPrivateNetworks || range === 'unicast') return { allowed: true };
    const parsed = ipaddr.process(address.startsWith('[') ? address.slice(1, -1) : address);
    for (const exception of this.exceptions) {
      if (exception[0].kind() === parsed.kind() && parsed.match(exception))
        return { allowed: true };
    }
    return { allowed: false, range };
  }
}
