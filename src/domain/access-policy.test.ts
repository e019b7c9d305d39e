import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  checkPermissions,
  checkResources,
  decideAccess,
  parseAccessControlRules,
  policyGrants,
  resourceMatches,
  resourcePatternProblem,
  type AccessRequest,
  type GrantingPolicy,
} from './access-policy.js'
import { checkNameList } from './access-names.js'
import { KmsError } from './errors.js'

const KEY_USER = 'RbacPermission/Template/CryptoServiceKeyUser'
const SECRET_USER = 'RbacPermission/Template/CryptoServiceSecretUser'
const INSTANCE = 'kst-hzz000000000000000000001'
const NOW = Date.UTC(2026, 0, 1)

function invalid(fn: () => unknown, param: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof KmsError && e.code === 'InvalidParameter' && e.message.includes(`"${param}"`) && pattern.test(e.message))
}

const policy = (over: Partial<GrantingPolicy> = {}): GrantingPolicy => ({
  name: 'p',
  kmsInstance: INSTANCE,
  permissions: [KEY_USER],
  resources: ['key/*'],
  networkRules: [],
  ...over,
})

const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  instanceId: INSTANCE,
  clientKey: { notBefore: NOW - 1000, notAfter: NOW + 1000 },
  policies: [policy()],
  permission: 'CryptoServiceKeyUser',
  resources: ['key/key-hzz1'],
  sourceIp: '10.0.0.7',
  now: NOW,
  ...over,
})

describe('policy parameters', () => {
  it('accepts the two permission templates, once each', () => {
    assert.deepEqual(checkPermissions([SECRET_USER, KEY_USER], 'Permissions'), [SECRET_USER, KEY_USER])
    invalid(() => checkPermissions([], 'Permissions'), 'Permissions', /at least one/)
    invalid(() => checkPermissions(['CryptoServiceKeyUser'], 'Permissions'), 'Permissions', /not a permission template/)
    invalid(() => checkPermissions([KEY_USER.toLowerCase()], 'Permissions'), 'Permissions', /not a permission template/)
    invalid(() => checkPermissions([KEY_USER, KEY_USER], 'Permissions'), 'Permissions', /listed twice/)
  })

  it('accepts key/ and secret/ patterns with * only as a suffix', () => {
    for (const ok of ['key/*', 'secret/*', 'key/key-hzz62ee8', 'secret/acs/ram/user/ram-secret', 'secret/app-*', 'key/alias/prod-*'])
      assert.equal(resourcePatternProblem(ok), undefined, ok)
    for (const bad of ['*', 'key/', 'key', 'secret', 'keys/*', 'Key/*', 'secret/*x', 'key/**', 'secret/a*b*', 'secret/a b', 'key/x\n', 'alias/x'])
      assert.ok(resourcePatternProblem(bad), bad)
    assert.match(resourcePatternProblem(`secret/${'a'.repeat(300)}`) ?? '', /longer than 256/)
    invalid(() => checkResources([], 'Resources'), 'Resources', /at least one/)
    invalid(() => checkResources(['secret/*x'], 'Resources'), 'Resources', /not at the end/)
    invalid(() => checkResources(['key/*', 'key/*'], 'Resources'), 'Resources', /listed twice/)
    invalid(() => checkResources(Array.from({ length: 101 }, (_, i) => `key/k${i}`), 'Resources'), 'Resources', /At most 100/)
  })

  it('reads AccessControlRules: {"NetworkRules":[…]} only, valid names, no repeats', () => {
    const P = 'AccessControlRules'
    assert.deepEqual(parseAccessControlRules('{"NetworkRules":["a","b.c"]}', P), ['a', 'b.c'])
    assert.deepEqual(parseAccessControlRules(' { "NetworkRules" : [ ] } ', P), [])
    assert.deepEqual(parseAccessControlRules('{}', P), [])
    invalid(() => parseAccessControlRules('{"NetworkRules":', P), P, /must be JSON/)
    invalid(() => parseAccessControlRules('["a"]', P), P, /JSON object/)
    invalid(() => parseAccessControlRules('null', P), P, /JSON object/)
    invalid(() => parseAccessControlRules('{"NetworkRules":"a"}', P), P, /array of network rule names/)
    invalid(() => parseAccessControlRules('{"NetworkRules":[1]}', P), P, /array of network rule names/)
    invalid(() => parseAccessControlRules('{"NetworkRules":[],"Vpcs":[]}', P), P, /Unknown member "Vpcs"/)
    invalid(() => parseAccessControlRules('{"NetworkRules":["a","a"]}', P), P, /listed twice/)
    invalid(() => parseAccessControlRules('{"NetworkRules":["bad name"]}', P), P, /not a valid name/)
    invalid(() => parseAccessControlRules(JSON.stringify({ NetworkRules: Array.from({ length: 11 }, (_, i) => `r${i}`) }), P), P, /At most 10/)
  })

  it('checks name lists by bounds', () => {
    assert.deepEqual(checkNameList(['p1', 'p2'], 'Policies', { min: 1, max: 3 }), ['p1', 'p2'])
    invalid(() => checkNameList([], 'Policies', { min: 1, max: 3 }), 'Policies', /at least 1/)
    invalid(() => checkNameList(['a', 'b', 'c', 'd'], 'Policies', { min: 1, max: 3 }), 'Policies', /At most 3/)
    invalid(() => checkNameList(['a/b'], 'Policies', { min: 1, max: 3 }), 'Policies', /not a valid name/)
    invalid(() => checkNameList(['x'.repeat(65)], 'Policies', { min: 1, max: 3 }), 'Policies', /not a valid name/)
  })
})

describe('resourceMatches', () => {
  it('matches exactly, or by prefix when the pattern ends with *', () => {
    assert.equal(resourceMatches('key/key-1', 'key/key-1'), true)
    assert.equal(resourceMatches('key/key-1', 'key/key-10'), false)
    assert.equal(resourceMatches('key/key-1*', 'key/key-10'), true)
    assert.equal(resourceMatches('key/*', 'key/alias/prod'), true)
    assert.equal(resourceMatches('key/*', 'secret/x'), false)
    assert.equal(resourceMatches('secret/*', 'key/x'), false)
    assert.equal(resourceMatches('secret/app-*', 'secret/app-'), true)
    assert.equal(resourceMatches('secret/App-*', 'secret/app-1'), false, 'case-sensitive')
    assert.equal(resourceMatches('secret/a.b', 'secret/aXb'), false, 'no regular-expression meaning')
  })

  it('a suffix wildcard matches exactly the resources that start with its prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (prefix, rest) => {
        assert.equal(resourceMatches(`secret/${prefix}*`, `secret/${rest}`), `secret/${rest}`.startsWith(`secret/${prefix}`))
        const exact = `secret/${prefix.replaceAll('*', '')}`
        assert.equal(resourceMatches(exact, `secret/${rest}`), exact === `secret/${rest}`)
      }),
    )
  })
})

describe('decideAccess', () => {
  const rules = [{ name: 'office', sourcePrivateIps: ['10.0.0.0/24', 'fd00::/64'] }]

  it('grants when the permission, a resource and (without rules) any address match', () => {
    assert.deepEqual(decideAccess(request()), { allowed: true, policy: 'p' })
    assert.equal(decideAccess(request({ resources: ['key/key-hzz1', 'key/alias/prod'], policies: [policy({ resources: ['key/alias/prod'] })] })).allowed, true)
  })

  it('refuses outside the validity window, boundaries included as valid', () => {
    const key = { notBefore: NOW, notAfter: NOW + 10 }
    assert.equal(decideAccess(request({ clientKey: key, now: NOW })).allowed, true)
    assert.equal(decideAccess(request({ clientKey: key, now: NOW + 10 })).allowed, true)
    assert.deepEqual(decideAccess(request({ clientKey: key, now: NOW - 1 })), { allowed: false, reason: 'the client key is not valid yet' })
    assert.deepEqual(decideAccess(request({ clientKey: key, now: NOW + 11 })), { allowed: false, reason: 'the client key has expired' })
  })

  it('refuses the wrong permission, resource type, resource or instance', () => {
    assert.equal(decideAccess(request({ permission: 'CryptoServiceSecretUser', resources: ['secret/s'] })).allowed, false)
    assert.equal(decideAccess(request({ policies: [policy({ permissions: [SECRET_USER], resources: ['key/*', 'secret/*'] })] })).allowed, false)
    assert.equal(decideAccess(request({ resources: ['secret/key-hzz1'], permission: 'CryptoServiceKeyUser' })).allowed, false)
    assert.equal(decideAccess(request({ policies: [policy({ resources: ['key/key-hzz2'] })] })).allowed, false)
    assert.equal(decideAccess(request({ policies: [policy({ kmsInstance: 'kst-other' })] })).allowed, false)
    assert.equal(decideAccess(request({ policies: [] })).allowed, false)
    assert.equal(decideAccess(request({ resources: [] })).allowed, false)
  })

  it('restricts by network rules when a policy has any, for IPv4, IPv6 and IPv4-mapped callers', () => {
    const withRules = [policy({ networkRules: rules })]
    for (const ip of ['10.0.0.7', '::ffff:10.0.0.200', 'fd00::1234']) assert.equal(decideAccess(request({ policies: withRules, sourceIp: ip })).allowed, true, ip)
    for (const ip of ['10.0.1.7', '::ffff:10.0.1.1', 'fd00:0:0:1::1', '127.0.0.1', 'not-an-ip'])
      assert.equal(decideAccess(request({ policies: withRules, sourceIp: ip })).allowed, false, ip)
    const empty = [policy({ networkRules: [{ name: 'empty', sourcePrivateIps: [] }] })]
    assert.equal(decideAccess(request({ policies: empty })).allowed, false, 'a listed rule without addresses admits no one')
  })

  it('takes the union of policies: one granting policy is enough', () => {
    const denyByIp = policy({ name: 'lan-only', networkRules: rules })
    const secretsOnly = policy({ name: 'secrets', permissions: [SECRET_USER], resources: ['secret/*'] })
    const keysAnywhere = policy({ name: 'keys', resources: ['key/key-*'] })
    const req = request({ sourceIp: '192.0.2.1', policies: [denyByIp, secretsOnly, keysAnywhere] })
    assert.deepEqual(decideAccess(req), { allowed: true, policy: 'keys' })
    assert.equal(decideAccess({ ...req, policies: [denyByIp, secretsOnly] }).allowed, false)
    assert.equal(decideAccess({ ...req, permission: 'CryptoServiceSecretUser', resources: ['secret/db'] }).allowed, true)
    assert.match((decideAccess({ ...req, policies: [denyByIp] }) as { reason: string }).reason, /CryptoServiceKeyUser on key\/key-hzz1 from 192\.0\.2\.1/)
  })

  it('policyGrants agrees with decideAccess for a single valid key', () => {
    assert.equal(policyGrants(policy(), request()), true)
    assert.equal(policyGrants(policy({ permissions: [] }), request()), false)
  })
})
