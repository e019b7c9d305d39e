import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UNKNOWN_CLIENT_ADDRESS, clientAddressResolver, normalizeAddress } from './client-address.js'
import { sourceIpMatcher } from '../domain/source-ip.js'

describe('normalizeAddress', () => {
  it('unmaps IPv4-mapped IPv6, drops zones and brackets, lower-cases IPv6', () => {
    assert.equal(normalizeAddress('::ffff:10.1.2.3'), '10.1.2.3')
    assert.equal(normalizeAddress('::FFFF:127.0.0.1'), '127.0.0.1')
    assert.equal(normalizeAddress('[FD00::1]'), 'fd00::1')
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80::1')
    assert.equal(normalizeAddress(' 192.168.0.1 '), '192.168.0.1')
  })
})

describe('clientAddressResolver', () => {
  it('without trusted proxies, the peer is the caller and X-Forwarded-For is ignored', () => {
    const resolve = clientAddressResolver([])
    assert.equal(resolve('::ffff:10.0.0.5', '192.168.1.1'), '10.0.0.5')
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const resolve = clientAddressResolver(['10.0.0.0/24'])
    assert.equal(resolve('10.0.1.7', '192.168.1.1'), '10.0.1.7')
  })

  it('walks the chain from the right past trusted proxies (IPv4 and IPv6)', () => {
    const resolve = clientAddressResolver(['10.0.0.0/24', 'fd00::/64'])
    assert.equal(resolve('10.0.0.2', '192.168.1.1'), '192.168.1.1')
    assert.equal(resolve('10.0.0.2', '203.0.113.9, 192.168.1.1, 10.0.0.3'), '192.168.1.1')
    assert.equal(resolve('fd00::2', '2001:db8::7'), '2001:db8::7')
    assert.equal(resolve('::ffff:10.0.0.2', '[2001:DB8::8]'), '2001:db8::8')
  })

  it('a client cannot spoof by prepending entries, and an entry that is not a plain IP fails closed', () => {
    const resolve = clientAddressResolver(['10.0.0.2'])
    assert.equal(resolve('10.0.0.2', '10.9.9.9, 172.16.0.1'), '172.16.0.1')
    // Never the proxy's own address (which network rules often allow): an address no rule matches.
    assert.equal(resolve('10.0.0.2', 'unknown'), UNKNOWN_CLIENT_ADDRESS)
    assert.equal(resolve('10.0.0.2', '10.9.9.9:4443'), UNKNOWN_CLIENT_ADDRESS)
    assert.equal(resolve('10.0.0.2', '172.16.0.1, not-an-ip'), UNKNOWN_CLIENT_ADDRESS)
    assert.equal(sourceIpMatcher(['10.0.0.0/8', '0.0.0.0/0'])(UNKNOWN_CLIENT_ADDRESS), false)
    // Garbage left of an untrusted hop is never reached: the walk stops at the caller.
    assert.equal(resolve('10.0.0.2', 'unknown, 172.16.0.1'), '172.16.0.1')
    assert.equal(resolve('10.0.0.2', ''), '10.0.0.2')
  })

  it('a chain made only of trusted proxies ends at the leftmost one', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8'])
    assert.equal(resolve('10.0.0.2', '10.1.1.1, 10.2.2.2'), '10.1.1.1')
  })

  it('refuses a trusted proxy list with entries that are not addresses', () => {
    assert.throws(() => clientAddressResolver(['10.0.0.1', 'proxy.local']), /OPENKMS_TRUSTED_PROXIES/)
  })
})
