import { AddressPolicy, classifyAddress } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'unicast'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'unicast'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['fc00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped: judged as the IPv4 inside
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['[::1]', 'loopback'],
    ['2002:7f00:1::', '6to4'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['example.com', 'invalid'],
  ])('%s → %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });
});

describe('AddressPolicy', () => {
  it('allows only public unicast addresses by default', () => {
    const policy = new AddressPolicy(false);
    expect(policy.check('93.184.216.34')).toEqual({ allowed: true });
    expect(policy.check('10.0.0.1')).toEqual({ allowed: false, range: 'private' });
    expect(policy.check('::ffff:10.0.0.1')).toEqual({ allowed: false, range: 'private' });
    expect(policy.check('not-an-ip')).toEqual({ allowed: false, range: 'invalid' });
  });

  it('allows private networks when configured', () => {
    expect(new AddressPolicy(true).check('127.0.0.1')).toEqual({ allowed: true });
  });

  it('allows listed exceptions, single addresses or CIDR ranges', () => {
    const policy = new AddressPolicy(false, ['127.0.0.2', '10.8.0.0/16']);
    expect(policy.check('127.0.0.2').allowed).toBe(true);
    expect(policy.check('10.8.3.4').allowed).toBe(true);
    expect(policy.check('127.0.0.1').allowed).toBe(false);
    expect(policy.check('10.9.0.1').allowed).toBe(false);
    expect(policy.check('::1').allowed).toBe(false);
  });
});
