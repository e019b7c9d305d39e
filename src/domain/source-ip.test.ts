import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkSourceIps, sourceIpMatcher, sourceIpProblem, MAX_SOURCE_IPS } from './source-ip.js'
import { KmsError } from './errors.js'

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof KmsError && e.code === 'InvalidParameter' && /"SourcePrivateIp"/.test(e.message) && pattern.test(e.message))
}

describe('SourcePrivateIp entries', () => {
  it('accepts IPv4 and IPv6 addresses and CIDR blocks, host bits included', () => {
    for (const ok of ['10.0.0.1', '0.0.0.0/0', '192.168.0.10/24', '10.0.0.0/32', 'fd00::1', '::/0', '2001:db8::/128', '::ffff:10.0.0.1', '::ffff:10.0.0.0/104', '2001:DB8::1'])
      assert.equal(sourceIpProblem(ok), undefined, ok)
  })

  it('refuses malformed addresses, out-of-range or malformed prefixes, zone ids and leading zeros', () => {
    const bad: Array<[string, RegExp]> = [
      ['10.0.0', /not an IPv4 or IPv6/],
      ['256.0.0.1', /not an IPv4 or IPv6/],
      ['010.0.0.1', /not an IPv4 or IPv6/],
      ['10.0.0.1 ', /not an IPv4 or IPv6/],
      ['host.example', /not an IPv4 or IPv6/],
      ['', /not an IPv4 or IPv6/],
      ['10.0.0.0/33', /prefix length outside 0-32/],
      ['fd00::/129', /prefix length outside 0-128/],
      ['10.0.0.0/', /prefix length/],
      ['10.0.0.0/-1', /prefix length/],
      ['10.0.0.0/08', /prefix length/],
      ['10.0.0.0/8/8', /prefix length/],
      ['10.0.0.0/ 8', /prefix length/],
      ['fe80::1%eth0', /zone id/],
      ['10.0.0.0-10.0.0.9', /not an IPv4 or IPv6/],
    ]
    for (const [entry, why] of bad) {
      assert.match(sourceIpProblem(entry) ?? '', why, entry)
      refused(() => checkSourceIps([entry], 'SourcePrivateIp'), why)
    }
  })

  it('checks the list as a whole: not empty, not too long, no repeats', () => {
    assert.deepEqual(checkSourceIps(['10.0.0.1', 'fd00::/8'], 'SourcePrivateIp'), ['10.0.0.1', 'fd00::/8'])
    refused(() => checkSourceIps([], 'SourcePrivateIp'), /at least one/)
    refused(() => checkSourceIps(['10.0.0.1', '10.0.0.1'], 'SourcePrivateIp'), /listed twice/)
    const many = Array.from({ length: MAX_SOURCE_IPS + 1 }, (_, i) => `10.${i >> 8}.${i & 255}.1`)
    refused(() => checkSourceIps(many, 'SourcePrivateIp'), /At most 800/)
    assert.equal(checkSourceIps(many.slice(0, MAX_SOURCE_IPS), 'SourcePrivateIp').length, MAX_SOURCE_IPS)
  })
})

describe('sourceIpMatcher', () => {
  const inside = sourceIpMatcher(['10.10.10.10/24', '192.168.1.7', '2001:db8:1::/48', 'fd00::5', '::ffff:172.16.0.0/108'])

  it('matches addresses inside blocks and exact addresses, and nothing else', () => {
    for (const ip of ['10.10.10.0', '10.10.10.255', '192.168.1.7', '2001:db8:1:ffff::1', 'fd00::5', '2001:DB8:1::9'])
      assert.equal(inside(ip), true, ip)
    for (const ip of ['10.10.11.0', '10.10.9.255', '192.168.1.8', '2001:db8:2::1', 'fd00::6', '8.8.8.8', '::1'])
      assert.equal(inside(ip), false, ip)
  })

  it('treats IPv4-mapped IPv6 callers as their IPv4 address, in both directions', () => {
    assert.equal(inside('::ffff:10.10.10.99'), true)
    assert.equal(inside('::ffff:0a0a:0a63'), true, 'hex spelling of ::ffff:10.10.10.99')
    assert.equal(inside('0:0:0:0:0:ffff:192.168.1.7'), true)
    assert.equal(inside('::ffff:10.10.11.1'), false)
    assert.equal(inside('172.16.3.4'), true, 'an IPv4 caller inside a mapped IPv6 block')
    assert.equal(inside('172.32.0.1'), false)
    assert.equal(inside('::10.10.10.5'), false, 'IPv4-compatible (not mapped) addresses are plain IPv6')
  })

  it('never matches malformed caller addresses and ignores a zone id on the caller', () => {
    for (const ip of ['', 'garbage', '10.10.10', '10.10.10.1/24', '999.1.1.1']) assert.equal(inside(ip), false, ip)
    assert.equal(sourceIpMatcher(['fe80::/10'])('fe80::1%eth0'), true)
  })

  it('an empty list or /0 blocks behave as expected', () => {
    assert.equal(sourceIpMatcher([])('10.0.0.1'), false)
    assert.equal(sourceIpMatcher(['0.0.0.0/0'])('203.0.113.9'), true)
    assert.equal(sourceIpMatcher(['0.0.0.0/0'])('2001:db8::1'), false)
    assert.equal(sourceIpMatcher(['::/0'])('2001:db8::1'), true)
  })
})
