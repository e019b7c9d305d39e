/** Contract: IdentityRepos (src/store/repos/identity.ts) and AccessKeys owned by RAM users. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { UniqueViolation, type RamRoleRecord, type RamUserRecord } from '../../src/store/store.js'
import { FAR_FUTURE, freshStore, type MakeStore } from './contract-fixtures.js'

const user = (userName: string, over: Partial<RamUserRecord> = {}): RamUserRecord => ({
  userName,
  userId: `id-${userName}`,
  displayName: `${userName} display`,
  email: '',
  mobilePhone: '',
  comments: 'c',
  createdAt: 1,
  updatedAt: FAR_FUTURE,
  ...over,
})
const role = (roleName: string): RamRoleRecord => ({
  roleName,
  roleId: `rid-${roleName}`,
  description: '',
  assumeRolePolicyDocument: '{"Statement":[]}',
  maxSessionDuration: 43200,
  createdAt: FAR_FUTURE,
  updatedAt: FAR_FUTURE,
})

export function identityContract(makeStore: MakeStore): void {
  describe('identity', () => {
    const store = freshStore(makeStore)

    it('inserts, gets, updates, pages by name and deletes users; names and ids are unique', async () => {
      const s = store()
      for (const name of ['carol', 'alice', 'bob']) await s.identity.users.insert(user(name))
      assert.deepEqual(await s.identity.users.get('alice'), user('alice'))
      assert.equal(await s.identity.users.get('nobody'), undefined)
      await assert.rejects(s.identity.users.insert(user('alice', { userId: 'other' })), UniqueViolation)
      await assert.rejects(s.identity.users.insert(user('dave', { userId: 'id-alice' })), UniqueViolation)
      assert.equal(await s.identity.users.update(user('alice', { displayName: 'Alice', updatedAt: 5 })), true)
      assert.equal(await s.identity.users.update(user('nobody')), false)
      assert.equal((await s.identity.users.get('alice'))?.displayName, 'Alice')
      assert.deepEqual((await s.identity.users.list(undefined, 2)).map((u) => u.userName), ['alice', 'bob'])
      assert.deepEqual((await s.identity.users.list('bob', 2)).map((u) => u.userName), ['carol'])
      assert.equal(await s.identity.users.delete('bob'), true)
      assert.equal(await s.identity.users.delete('bob'), false)
      assert.deepEqual((await s.identity.users.list(undefined, 10)).map((u) => u.userName), ['alice', 'carol'])
    })

    it('keeps roles with their numbers intact, and a rolled-back insert leaves nothing', async () => {
      const s = store()
      await s.identity.roles.insert(role('ops'))
      assert.deepEqual(await s.identity.roles.get('ops'), role('ops'))
      await assert.rejects(
        s.tx(async (tx) => {
          await tx.identity.roles.insert(role('half'))
          throw new Error('abort')
        }),
        /abort/,
      )
      assert.equal(await s.identity.roles.get('half'), undefined)
    })

    it('versions policies, refusing a duplicate version, and deletes one version', async () => {
      const s = store()
      await s.identity.policies.insert({ policyName: 'p', description: '', defaultVersion: 'v1', nextVersion: 2, createdAt: 1, updatedAt: 1 })
      await s.identity.policyVersions.insert({ policyName: 'p', versionId: 'v1', document: '{"v":1}', createdAt: 1 })
      await s.identity.policyVersions.insert({ policyName: 'p', versionId: 'v2', document: '{"v":2}', createdAt: 2 })
      await assert.rejects(s.identity.policyVersions.insert({ policyName: 'p', versionId: 'v2', document: 'x', createdAt: 3 }), UniqueViolation)
      assert.equal((await s.identity.policyVersions.get('p', 'v2'))?.document, '{"v":2}')
      assert.deepEqual((await s.identity.policyVersions.list('p')).map((v) => v.versionId), ['v1', 'v2'])
      assert.equal(await s.identity.policyVersions.delete('p', 'v1'), true)
      assert.equal(await s.identity.policyVersions.delete('p', 'v1'), false)
      assert.deepEqual((await s.identity.policyVersions.list('p')).map((v) => v.versionId), ['v2'])
    })

    it('adds members once and attaches a policy once, listing both ways', async () => {
      const s = store()
      await s.identity.users.insert(user('alice'))
      await s.identity.groups.insert({ groupName: 'g', groupId: 'gid', comments: '', createdAt: 1, updatedAt: 1 })
      assert.equal(await s.identity.members.add({ groupName: 'g', userName: 'alice', joinedAt: 3 }), true)
      assert.equal(await s.identity.members.add({ groupName: 'g', userName: 'alice', joinedAt: 4 }), false)
      assert.deepEqual(await s.identity.members.groupsOf('alice'), [{ groupName: 'g', userName: 'alice', joinedAt: 3 }])
      assert.deepEqual((await s.identity.members.usersOf('g')).map((m) => m.userName), ['alice'])
      const a = { principalType: 'User' as const, principalName: 'alice', policyType: 'Custom' as const, policyName: 'p', attachedAt: FAR_FUTURE }
      assert.equal(await s.identity.attachments.attach(a), true)
      assert.equal(await s.identity.attachments.attach({ ...a, attachedAt: 1 }), false)
      await s.identity.attachments.attach({ ...a, principalType: 'Group', principalName: 'g' })
      await s.identity.attachments.attach({ ...a, policyType: 'System', policyName: 'AliyunKMSFullAccess' })
      assert.deepEqual(await s.identity.attachments.ofPrincipal('User', 'alice'), [a, { ...a, policyType: 'System', policyName: 'AliyunKMSFullAccess' }])
      assert.deepEqual((await s.identity.attachments.ofPolicy('Custom', 'p')).map((x) => x.principalType), ['Group', 'User'])
      assert.equal(await s.identity.attachments.detach('User', 'alice', 'Custom', 'p'), true)
      assert.equal(await s.identity.attachments.detach('User', 'alice', 'Custom', 'p'), false)
      assert.equal(await s.identity.members.remove('g', 'alice'), true)
      assert.deepEqual(await s.identity.members.groupsOf('alice'), [])
    })

    it('records the RAM user owning an AccessKey and lists one user’s keys', async () => {
      const s = store()
      const base = { wrappedSecret: randomBytes(40), status: 'Active' as const, description: '', createdAt: 1 }
      await s.accessKeys.put({ ...base, accessKeyId: 'LTAI-root' })
      await s.accessKeys.put({ ...base, accessKeyId: 'LTAI-a2', userName: 'alice', createdAt: 3 })
      await s.accessKeys.put({ ...base, accessKeyId: 'LTAI-a1', userName: 'alice', createdAt: 2 })
      await s.accessKeys.put({ ...base, accessKeyId: 'LTAI-b', userName: 'bob' })
      assert.equal((await s.accessKeys.get('LTAI-root'))?.userName, undefined)
      assert.equal((await s.accessKeys.get('LTAI-a1'))?.userName, 'alice')
      assert.deepEqual((await s.accessKeys.list('alice')).map((k) => k.accessKeyId), ['LTAI-a1', 'LTAI-a2'])
      assert.equal((await s.accessKeys.list()).length, 4)
    })
  })
}
