/** Contract: network rules, policies, application access points and client keys (src/store/repos/access.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { AapRecord, AccessPolicyRecord, ClientKeyRecord, NetworkRuleRecord, Store } from '../../src/store/store.js'
import { ReferenceViolation, UniqueViolation } from '../../src/store/store.js'
import { ALL, FAR_FUTURE, freshStore, recordNotices, type MakeStore } from './contract-fixtures.js'

const T = 1_700_000_000_000

const rule = (name: string, over: Partial<NetworkRuleRecord> = {}): NetworkRuleRecord => ({
  name,
  type: 'Private',
  sourcePrivateIps: ['10.0.0.0/8', 'fd00::/8'],
  description: `rule ${name}`,
  createdAt: T,
  updatedAt: T,
  ...over,
})

const policy = (name: string, over: Partial<AccessPolicyRecord> = {}): AccessPolicyRecord => ({
  name,
  description: '',
  kmsInstance: 'kst-hzz000000000000000000000',
  permissions: ['RbacPermission/Template/CryptoServiceKeyUser'],
  resources: ['key/*', 'secret/app-*'],
  networkRules: [],
  accessControlRulesText: '',
  createdAt: T,
  updatedAt: T,
  ...over,
})

const aap = (name: string, policies: string[], over: Partial<AapRecord> = {}): AapRecord => ({
  name,
  description: '',
  authenticationMethod: 'ClientKey',
  policies,
  createdAt: T,
  updatedAt: T,
  ...over,
})

const clientKey = (id: string, aapName: string, createdAt = T): ClientKeyRecord => ({
  clientKeyId: id,
  aapName,
  keyAlgorithm: 'RSA_2048',
  keyOrigin: 'KMS_PROVIDED',
  certificatePem: `-----BEGIN CERTIFICATE-----\n${id}\n-----END CERTIFICATE-----\n`,
  notBefore: T,
  notAfter: FAR_FUTURE,
  createdAt,
})

async function rejectsWith(p: Promise<unknown>, kind: 'missing' | 'inUse', what: RegExp): Promise<ReferenceViolation> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  assert.ok(err instanceof ReferenceViolation, `expected ReferenceViolation, got ${String(err)}`)
  assert.equal(err.kind, kind)
  assert.match(err.what, what)
  return err
}

/** Rules r1, r2; policy p1 (r1) and p2 (r1, r2); AAP a1 (p1). */
async function seed(s: Store): Promise<void> {
  await s.access.networkRules.insert(rule('r1'))
  await s.access.networkRules.insert(rule('r2'))
  await s.access.policies.insert(policy('p1', { networkRules: ['r1'] }))
  await s.access.policies.insert(policy('p2', { networkRules: ['r2', 'r1'] }))
  await s.access.aaps.insert(aap('a1', ['p1']))
}

export function accessContract(makeStore: MakeStore): void {
  describe('application access', () => {
    const store = freshStore(makeStore)

    it('round-trips every record, keeping list order, spelling and 64-bit times', async () => {
      const s = store()
      const r = rule('office-lan.1', { sourcePrivateIps: ['192.168.0.10/24', '::ffff:10.0.0.1', '10.0.0.1'], updatedAt: FAR_FUTURE })
      await s.access.networkRules.insert(r)
      assert.deepEqual(await s.access.networkRules.get('office-lan.1'), r)
      await s.access.networkRules.insert(rule('a'))
      const p = policy('p', { networkRules: ['office-lan.1', 'a'], accessControlRulesText: '{ "NetworkRules": ["office-lan.1","a"] }' })
      await s.access.policies.insert(p)
      assert.deepEqual(await s.access.policies.get('p'), p)
      const a = aap('app', ['p'], { description: 'the app' })
      await s.access.aaps.insert(a)
      assert.deepEqual(await s.access.aaps.get('app'), a)
      const k = clientKey('KAAP.1', 'app')
      await s.access.clientKeys.insert(k)
      assert.deepEqual(await s.access.clientKeys.get('KAAP.1'), k)
      assert.equal(await s.access.networkRules.get('OFFICE-LAN.1'), undefined, 'names are case-sensitive')
      assert.equal(await s.access.policies.get('nope'), undefined)
      assert.equal(await s.access.aaps.get('nope'), undefined)
      assert.equal(await s.access.clientKeys.get('nope'), undefined)
    })

    it('refuses duplicates with UniqueViolation', async () => {
      const s = store()
      await seed(s)
      await assert.rejects(s.access.networkRules.insert(rule('r1')), UniqueViolation)
      await assert.rejects(s.access.policies.insert(policy('p1')), UniqueViolation)
      await assert.rejects(s.access.aaps.insert(aap('a1', ['p2'])), UniqueViolation)
      await s.access.clientKeys.insert(clientKey('KAAP.1', 'a1'))
      await assert.rejects(s.access.clientKeys.insert(clientKey('KAAP.1', 'a1')), UniqueViolation)
      assert.deepEqual((await s.access.aaps.get('a1'))?.policies, ['p1'], 'the refused AAP changed nothing')
    })

    it('refuses references to missing objects and writes nothing', async () => {
      const s = store()
      await seed(s)
      await rejectsWith(s.access.policies.insert(policy('p3', { networkRules: ['r1', 'ghost'] })), 'missing', /network rule ghost/)
      assert.equal(await s.access.policies.get('p3'), undefined)
      await rejectsWith(s.access.policies.update('p1', { networkRules: ['ghost'], updatedAt: T + 1 }), 'missing', /network rule ghost/)
      assert.deepEqual((await s.access.policies.get('p1'))?.networkRules, ['r1'])
      await rejectsWith(s.access.aaps.insert(aap('a2', ['p1', 'ghost'])), 'missing', /policy ghost/)
      assert.equal(await s.access.aaps.get('a2'), undefined)
      await rejectsWith(s.access.aaps.update('a1', { policies: ['ghost'], updatedAt: T + 1 }), 'missing', /policy ghost/)
      assert.deepEqual((await s.access.aaps.get('a1'))?.policies, ['p1'])
      await rejectsWith(s.access.clientKeys.insert(clientKey('KAAP.9', 'ghost')), 'missing', /application access point ghost/)
      assert.equal(await s.access.clientKeys.get('KAAP.9'), undefined)
    })

    it('refuses to delete what others still name, and says who', async () => {
      const s = store()
      await seed(s)
      const ruleErr = await rejectsWith(s.access.networkRules.delete('r1'), 'inUse', /network rule r1/)
      assert.deepEqual(ruleErr.by, ['policy p1', 'policy p2'])
      assert.deepEqual(await s.access.networkRules.usedBy('r2'), ['p2'])
      const policyErr = await rejectsWith(s.access.policies.delete('p1'), 'inUse', /policy p1/)
      assert.deepEqual(policyErr.by, ['application access point a1'])
      assert.deepEqual(await s.access.policies.usedBy('p2'), [])
      assert.deepEqual((await s.access.policies.get('p1'))?.networkRules, ['r1'], 'a refused delete keeps the links')
      assert.ok(await s.access.networkRules.get('r1'))
    })

    it('updates fields and replaces reference lists in the given order', async () => {
      const s = store()
      await seed(s)
      assert.equal(await s.access.networkRules.update('r1', { sourcePrivateIps: ['1.2.3.4'], updatedAt: T + 5 }), true)
      assert.deepEqual(await s.access.networkRules.get('r1'), rule('r1', { sourcePrivateIps: ['1.2.3.4'], updatedAt: T + 5 }))
      assert.equal(await s.access.networkRules.update('r1', { description: '', updatedAt: T + 6 }), true)
      assert.equal((await s.access.networkRules.get('r1'))?.description, '')
      assert.equal(await s.access.networkRules.update('ghost', { description: 'x', updatedAt: T }), false)
      assert.equal(await s.access.policies.update('p1', { networkRules: ['r2', 'r1'], permissions: ['b', 'a'], updatedAt: T + 7 }), true)
      const p1 = await s.access.policies.get('p1')
      assert.deepEqual([p1?.networkRules, p1?.permissions, p1?.resources, p1?.updatedAt], [['r2', 'r1'], ['b', 'a'], ['key/*', 'secret/app-*'], T + 7])
      assert.equal(await s.access.policies.update('p1', { networkRules: [], updatedAt: T + 8 }), true)
      assert.deepEqual(await s.access.networkRules.usedBy('r1'), ['p2'])
      assert.equal(await s.access.policies.update('ghost', { description: 'x', updatedAt: T }), false)
      assert.equal(await s.access.aaps.update('a1', { policies: ['p2', 'p1'], description: 'd', updatedAt: T + 9 }), true)
      assert.deepEqual(await s.access.aaps.get('a1'), aap('a1', ['p2', 'p1'], { description: 'd', updatedAt: T + 9 }))
      assert.equal(await s.access.aaps.update('ghost', { description: 'x', updatedAt: T }), false)
    })

    it('lists by name with totals and paging; getMany returns what exists', async () => {
      const s = store()
      for (const n of ['c', 'a', 'B', 'b']) await s.access.networkRules.insert(rule(n))
      const page = await s.access.networkRules.list({ offset: 1, limit: 2 })
      assert.deepEqual([page.items.map((r) => r.name), page.total], [['a', 'b'], 4])
      assert.deepEqual((await s.access.networkRules.getMany(['c', 'ghost', 'a'])).map((r) => r.name).sort(), ['a', 'c'])
      assert.deepEqual(await s.access.networkRules.getMany([]), [])
      await s.access.policies.insert(policy('q', { networkRules: ['c', 'a'] }))
      await s.access.policies.insert(policy('p'))
      assert.deepEqual((await s.access.policies.list(ALL)).items.map((p) => [p.name, p.networkRules]), [['p', []], ['q', ['c', 'a']]])
      assert.deepEqual((await s.access.policies.getMany(['q'])).map((p) => p.networkRules), [['c', 'a']])
      await s.access.aaps.insert(aap('z', ['q', 'p']))
      await s.access.aaps.insert(aap('y', ['p']))
      const aaps = await s.access.aaps.list({ offset: 0, limit: 1 })
      assert.deepEqual([aaps.items.map((a) => [a.name, a.policies]), aaps.total], [[['y', ['p']]], 2])
    })

    it('lists and counts client keys by AAP in creation order, deletes one, and deletes all with the AAP', async () => {
      const s = store()
      await seed(s)
      await s.access.aaps.insert(aap('a2', ['p2']))
      await s.access.clientKeys.insert(clientKey('KAAP.b', 'a1', T + 2))
      await s.access.clientKeys.insert(clientKey('KAAP.a', 'a1', T + 2))
      await s.access.clientKeys.insert(clientKey('KAAP.c', 'a1', T + 1))
      await s.access.clientKeys.insert(clientKey('KAAP.z', 'a2', T))
      assert.deepEqual((await s.access.clientKeys.list('a1')).map((k) => k.clientKeyId), ['KAAP.c', 'KAAP.a', 'KAAP.b'])
      assert.deepEqual((await s.access.clientKeys.list()).map((k) => k.clientKeyId), ['KAAP.z', 'KAAP.c', 'KAAP.a', 'KAAP.b'])
      assert.equal(await s.access.clientKeys.countForAap('a1'), 3)
      assert.equal(await s.access.clientKeys.delete('KAAP.a'), true)
      assert.equal(await s.access.clientKeys.delete('KAAP.a'), false)
      assert.equal(await s.access.aaps.delete('a1'), true)
      assert.deepEqual(await s.access.clientKeys.list('a1'), [])
      assert.equal(await s.access.aaps.get('a1'), undefined)
      assert.equal(await s.access.aaps.delete('a1'), false)
      assert.equal(await s.access.clientKeys.countForAap('a2'), 1)
      assert.equal(await s.access.policies.delete('p1'), true, 'p1 is free once a1 is gone')
      assert.equal(await s.access.policies.delete('p1'), false)
      const still = await rejectsWith(s.access.networkRules.delete('r1'), 'inUse', /network rule r1/)
      assert.deepEqual(still.by, ['policy p2'])
    })

    it('locks an AAP row only when it exists', async () => {
      const s = store()
      await seed(s)
      assert.equal(await s.tx(async (tx) => tx.access.aaps.lock('a1')), true)
      assert.equal(await s.tx(async (tx) => tx.access.aaps.lock('ghost')), false)
      assert.deepEqual(await s.access.aaps.get('a1'), aap('a1', ['p1']), 'locking changes nothing')
    })

    it('never leaves a dangling reference when deletes and references race', async () => {
      const s = store()
      for (let round = 0; round < 8; round++) {
        await s.access.networkRules.insert(rule(`race-${round}`))
        const results = await Promise.allSettled([
          s.tx((tx) => tx.access.policies.insert(policy(`race-a-${round}`, { networkRules: [`race-${round}`] }))),
          s.tx((tx) => tx.access.networkRules.delete(`race-${round}`)),
          s.tx((tx) => tx.access.policies.insert(policy(`race-b-${round}`, { networkRules: [`race-${round}`] }))),
        ])
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ReferenceViolation, String(r.reason))
        const ruleLeft = (await s.access.networkRules.get(`race-${round}`)) !== undefined
        const policiesLeft = (await s.access.policies.getMany([`race-a-${round}`, `race-b-${round}`])).length
        assert.ok(ruleLeft || policiesLeft === 0, `round ${round}: a policy names a deleted rule`)
        assert.equal(results[1].status === 'fulfilled' && results[1].value === true, !ruleLeft)
      }
    })

    it('keeps a count-then-insert under the AAP lock exact when writers race', async () => {
      const s = store()
      await seed(s)
      const attempt = (i: number) =>
        s.tx(async (tx) => {
          assert.equal(await tx.access.aaps.lock('a1'), true)
          if ((await tx.access.clientKeys.countForAap('a1')) >= 3) return false
          await tx.access.clientKeys.insert(clientKey(`KAAP.race-${i}`, 'a1'))
          return true
        })
      const won = await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(i)))
      assert.equal(won.filter(Boolean).length, 3)
      assert.equal(await s.access.clientKeys.countForAap('a1'), 3)
    })

    it('rolls a transaction back whole when a reference check fails inside it', async () => {
      const s = store()
      await seed(s)
      const { seen, stop } = recordNotices(s)
      await assert.rejects(
        s.tx(async (tx) => {
          await tx.access.networkRules.insert(rule('r3'))
          await tx.notify('access', 'networkRule:r3')
          await tx.access.policies.insert(policy('p3', { networkRules: ['r3', 'ghost'] }))
        }),
        ReferenceViolation,
      )
      stop()
      assert.equal(await s.access.networkRules.get('r3'), undefined)
      assert.deepEqual(seen, [], 'no notice for a rolled-back change')
    })
  })
}
