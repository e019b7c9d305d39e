import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KmsError } from '../errors.js'
import { compileConditions, conditionValues, CONDITION_OPERATORS, normaliseConditionKey, parsePolicyDate } from './conditions.js'

/** Whether `condition` holds for a request carrying `request`. */
function holds(condition: unknown, request: Record<string, string | string[]>): boolean {
  const { compiled } = compileConditions(condition, 'Statement[0]')
  const values = conditionValues(request)
  return compiled.every((c) => c.test(values.get(c.key)))
}

function refused(condition: unknown, pattern: RegExp): void {
  assert.throws(
    () => compileConditions(condition, 'Statement[0]'),
    (e: unknown) => e instanceof KmsError && e.code === 'MalformedPolicyDocument' && pattern.test(e.message),
  )
}

describe('condition operators', () => {
  it('are exactly the ones RAM documents', () => {
    assert.equal(CONDITION_OPERATORS.length, 21)
    for (const op of ['StringEquals', 'StringNotLike', 'NumericGreaterThanEquals', 'DateLessThan', 'Bool', 'IpAddress', 'NotIpAddress'])
      assert.ok(CONDITION_OPERATORS.includes(op), op)
  })

  it('String*: case rules, wildcards, OR over values', () => {
    assert.ok(holds({ StringEquals: { 'acs:ResourceTag/team': ['dev'] } }, { 'acs:ResourceTag/team': 'dev' }))
    assert.ok(!holds({ StringEquals: { 'acs:ResourceTag/team': ['dev'] } }, { 'acs:ResourceTag/team': 'Dev' }))
    assert.ok(holds({ StringEqualsIgnoreCase: { k: 'DEV' } }, { k: 'dev' }))
    assert.ok(!holds({ StringNotEqualsIgnoreCase: { k: 'DEV' } }, { k: 'dev' }))
    assert.ok(holds({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'c' }))
    assert.ok(!holds({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'b' }))
    assert.ok(holds({ StringLike: { 'oss:Prefix': 'hangzhou/2015/*' } }, { 'oss:Prefix': 'hangzhou/2015/photos' }))
    assert.ok(!holds({ StringLike: { 'oss:Prefix': 'hangzhou/2015/*' } }, { 'oss:Prefix': 'Hangzhou/2015/photos' }))
    assert.ok(holds({ StringNotLike: { k: 'a?c' } }, { k: 'abbc' }))
    assert.ok(holds({ StringEquals: { k: ['x', 'y'] } }, { k: 'y' }), 'values are alternatives')
    assert.ok(holds({ StringEquals: { k: 'y' } }, { k: ['x', 'y'] }), 'any request value may match')
  })

  it('several keys and several operators must all hold', () => {
    const c = { StringEquals: { a: '1', b: '2' }, Bool: { 'acs:SecureTransport': 'true' } }
    assert.ok(holds(c, { a: '1', b: '2', 'acs:SecureTransport': 'true' }))
    assert.ok(!holds(c, { a: '1', b: '3', 'acs:SecureTransport': 'true' }))
    assert.ok(!holds(c, { a: '1', b: '2', 'acs:SecureTransport': 'false' }))
  })

  it('missing keys: positive operators fail, negated operators hold', () => {
    for (const op of ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike']) assert.ok(!holds({ [op]: { k: 'v' } }, {}), op)
    for (const op of ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike']) assert.ok(holds({ [op]: { k: 'v' } }, {}), op)
    assert.ok(!holds({ NumericLessThan: { n: 5 } }, {}))
    assert.ok(holds({ NumericNotEquals: { n: 5 } }, {}))
    assert.ok(!holds({ DateGreaterThan: { 'acs:CurrentTime': '2020-01-01T00:00:00Z' } }, {}))
    assert.ok(holds({ DateNotEquals: { 'acs:CurrentTime': '2020-01-01T00:00:00Z' } }, {}))
    assert.ok(!holds({ Bool: { 'acs:SecureTransport': true } }, {}))
    assert.ok(!holds({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, {}))
    assert.ok(holds({ NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, {}))
  })

  it('condition keys compare case-insensitively up to the first /, tag keys exactly', () => {
    assert.ok(holds({ IpAddress: { 'acs:sourceip': '10.0.0.0/8' } }, { 'acs:SourceIp': '10.1.1.1' }))
    assert.ok(holds({ StringEquals: { 'KMS:TAG/Env': 'prod' } }, { 'kms:tag/Env': 'prod' }))
    assert.ok(!holds({ StringEquals: { 'kms:tag/env': 'prod' } }, { 'kms:tag/Env': 'prod' }))
    assert.equal(normaliseConditionKey('ACS:CurrentTime'), 'acs:currenttime')
  })

  it('Numeric*: numbers from JSON or strings; non-numeric request values match nothing positive', () => {
    assert.ok(holds({ NumericEquals: { n: 10 } }, { n: '10' }))
    assert.ok(holds({ NumericEquals: { n: '10.5' } }, { n: '10.50' }))
    assert.ok(holds({ NumericLessThan: { n: 10 } }, { n: '-3' }))
    assert.ok(!holds({ NumericLessThan: { n: 10 } }, { n: '10' }))
    assert.ok(holds({ NumericLessThanEquals: { n: 10 } }, { n: '10' }))
    assert.ok(holds({ NumericGreaterThan: { n: 10 } }, { n: '11' }))
    assert.ok(holds({ NumericGreaterThanEquals: { n: 10 } }, { n: '10' }))
    assert.ok(!holds({ NumericGreaterThan: { n: 10 } }, { n: 'eleven' }))
    assert.ok(!holds({ NumericGreaterThan: { n: 10 } }, { n: '1e3' }))
    assert.ok(holds({ NumericNotEquals: { n: 10 } }, { n: 'ten' }))
  })

  it('Date*: ISO 8601 with zones, bare dates, epoch seconds', () => {
    const ms = Date.UTC(2019, 7, 12, 9, 0, 0)
    assert.equal(parsePolicyDate('2019-08-12T17:00:00+08:00'), ms)
    assert.equal(parsePolicyDate('2019-08-12T17:00:00+0800'), ms)
    assert.equal(parsePolicyDate('2019-08-12T09:00:00Z'), ms)
    assert.equal(parsePolicyDate('2019-08-12T09:00:00.000Z'), ms)
    assert.equal(parsePolicyDate('2019-08-12T09:00:00.123456789Z'), ms + 123)
    assert.equal(parsePolicyDate('2019-08-12T04:30-04:30'), ms)
    assert.equal(parsePolicyDate(String(ms / 1000)), ms)
    assert.equal(parsePolicyDate('2019-08-12'), Date.UTC(2019, 7, 12))
    for (const bad of ['2019-08-12T17:00:00', '2019-02-29T00:00:00Z', '2019-13-01', '2019-08-12T24:00:00Z', '2019-08-12T17:00:00+25:00', 'yesterday', '', '-1'])
      assert.equal(parsePolicyDate(bad), undefined, bad)
    const before = { DateLessThan: { 'acs:CurrentTime': '2019-08-12T17:00:00+08:00' } }
    assert.ok(holds(before, { 'acs:CurrentTime': '2019-08-12T08:59:59.999Z' }))
    assert.ok(!holds(before, { 'acs:CurrentTime': '2019-08-12T09:00:00Z' }))
    assert.ok(holds({ DateLessThanEquals: before.DateLessThan }, { 'acs:CurrentTime': '2019-08-12T09:00:00Z' }))
    assert.ok(holds({ DateGreaterThan: { 'acs:CurrentTime': 1565600400 } }, { 'acs:CurrentTime': '2019-08-12T09:00:01Z' }))
    assert.ok(holds({ DateEquals: { 'acs:CurrentTime': '2019-08-12T09:00:00Z' } }, { 'acs:CurrentTime': '2019-08-12T17:00:00+08:00' }))
    assert.ok(!holds({ DateGreaterThanEquals: { t: '2019-01-01T00:00:00Z' } }, { t: 'garbage' }))
  })

  it('Bool: JSON booleans or strings, any case', () => {
    assert.ok(holds({ Bool: { 'acs:SecureTransport': true } }, { 'acs:SecureTransport': 'true' }))
    assert.ok(holds({ Bool: { 'acs:SecureTransport': 'TRUE' } }, { 'acs:SecureTransport': 'True' }))
    assert.ok(!holds({ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'false' }))
    assert.ok(!holds({ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': '1' }))
  })

  it('IpAddress / NotIpAddress: IPv4 and IPv6 CIDR edges', () => {
    const v4 = { IpAddress: { 'acs:SourceIp': ['192.168.0.0/16', '172.16.215.218'] } }
    assert.ok(holds(v4, { 'acs:SourceIp': '192.168.0.0' }))
    assert.ok(holds(v4, { 'acs:SourceIp': '192.168.255.255' }))
    assert.ok(!holds(v4, { 'acs:SourceIp': '192.169.0.0' }))
    assert.ok(!holds(v4, { 'acs:SourceIp': '192.167.255.255' }))
    assert.ok(holds(v4, { 'acs:SourceIp': '172.16.215.218' }))
    assert.ok(!holds(v4, { 'acs:SourceIp': '172.16.215.219' }))
    assert.ok(holds(v4, { 'acs:SourceIp': '::ffff:192.168.1.1' }), 'IPv4-mapped IPv6')
    assert.ok(holds({ IpAddress: { ip: '0.0.0.0/0' } }, { ip: '255.255.255.255' }))
    assert.ok(!holds({ IpAddress: { ip: '0.0.0.0/0' } }, { ip: '2001:db8::1' }), 'an IPv4 block holds no IPv6 address')
    assert.ok(holds({ IpAddress: { ip: '10.10.10.10/24' } }, { ip: '10.10.10.200' }), 'host bits ignored')
    assert.ok(holds({ IpAddress: { ip: '10.0.0.1/32' } }, { ip: '10.0.0.1' }))
    assert.ok(!holds({ IpAddress: { ip: '10.0.0.1/32' } }, { ip: '10.0.0.2' }))
    const v6 = { IpAddress: { ip: '2001:db8::/32' } }
    assert.ok(holds(v6, { ip: '2001:db8::' }))
    assert.ok(holds(v6, { ip: '2001:0DB8:ffff:ffff:ffff:ffff:ffff:ffff' }))
    assert.ok(!holds(v6, { ip: '2001:db9::' }))
    assert.ok(!holds(v6, { ip: '10.0.0.1' }))
    assert.ok(holds({ IpAddress: { ip: '::/0' } }, { ip: 'fe80::1' }))
    assert.ok(holds({ IpAddress: { ip: 'fd00::1/128' } }, { ip: 'fd00:0:0:0:0:0:0:1' }))
    assert.ok(!holds({ IpAddress: { ip: '10.0.0.0/8' } }, { ip: 'not-an-ip' }))
    assert.ok(!holds({ IpAddress: { ip: '10.0.0.0/8' } }, { ip: '' }))
    assert.ok(!holds({ IpAddress: { ip: '10.0.0.0/8' } }, { ip: '10.0.0.1.5' }))
    assert.ok(holds({ IpAddress: { ip: 'fe80::/10' } }, { ip: 'fe80::1%eth0' }), 'a zone id on the request address is ignored')
    assert.ok(holds({ NotIpAddress: { ip: '10.0.0.0/8' } }, { ip: '11.0.0.1' }))
    assert.ok(!holds({ NotIpAddress: { ip: '10.0.0.0/8' } }, { ip: '10.0.0.1' }))
  })

  it('refuses unknown operators, wrongly typed values and empty blocks at parse time', () => {
    refused({ StringEqualsIfExists: { k: 'v' } }, /unknown operator "StringEqualsIfExists"/)
    refused({ 'ForAnyValue:StringEquals': { k: 'v' } }, /unknown operator/)
    refused({ stringequals: { k: 'v' } }, /unknown operator/)
    refused(JSON.parse('{"__proto__": {"k": "v"}}'), /unknown operator "__proto__"/)
    refused({ toString: { k: 'v' } }, /unknown operator "toString"/)
    refused({ StringEquals: {} }, /non-empty object/)
    refused({ StringEquals: ['k'] }, /non-empty object/)
    refused({ StringEquals: { k: [] } }, /has no value/)
    refused({ StringEquals: { k: null } }, /strings, numbers or booleans/)
    refused({ StringEquals: { k: { nested: 'x' } } }, /strings, numbers or booleans/)
    refused({ StringEquals: { k: [['x']] } }, /strings, numbers or booleans/)
    refused({ NumericEquals: { k: 'ten' } }, /not a number/)
    refused({ NumericEquals: { k: '0x10' } }, /not a number/)
    refused({ DateLessThan: { k: '2019-08-12T17:00:00' } }, /ISO 8601/)
    refused({ Bool: { k: 'yes' } }, /true or false/)
    refused({ IpAddress: { k: '10.0.0.0/33' } }, /prefix length/)
    refused({ IpAddress: { k: '2001:db8::/129' } }, /prefix length/)
    refused({ IpAddress: { k: '010.0.0.1' } }, /not an IPv4 or IPv6/)
    refused({ IpAddress: { k: 'fe80::1%eth0' } }, /zone id/)
    refused('StringEquals', /must be an object/)
    refused([], /must be an object/)
  })
})
