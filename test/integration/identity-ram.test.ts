/**
 * RAM (2015-05-01) through the official RAM SDK: users, AccessKeys, groups, custom and system policies with
 * versions, attachments and roles, with RAM's response shapes and error codes, plus hostile input.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { failure } from '../support/sdk.js'
import { call } from '../support/signed-request.js'
import { RAM, RAM_VERSION, doc, ramClient } from '../support/identity.js'

const ALLOW_ENCRYPT = doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' })
const TRUST_ACCOUNT = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:root'] } })

describe('RAM through the RAM SDK', { timeout: 120_000 }, () => {
  let app: TestApp
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let ram: any
  const code = async (p: Promise<unknown>) => {
    const f = await failure(p)
    return `${f.status} ${f.code}`
  }
  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ram = ramClient(app.endpoint, TEST_AK)
  })
  after(() => app.stop())

  it('creates, reads, lists (with Marker paging), renames and deletes users', async () => {
    const { body } = await ram.createUser(new RAM.CreateUserRequest({ userName: 'alice', displayName: 'Alice', comments: 'ops', email: 'a@example.com' }))
    assert.equal(body.user.userName, 'alice')
    assert.match(body.user.userId, /^\d{16}$/)
    assert.match(body.user.createDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    for (const name of ['bob', 'carol', 'dave']) await ram.createUser(new RAM.CreateUserRequest({ userName: name }))
    assert.equal(await code(ram.createUser(new RAM.CreateUserRequest({ userName: 'alice' }))), '409 EntityAlreadyExists.User')
    const got = (await ram.getUser(new RAM.GetUserRequest({ userName: 'alice' }))).body.user
    assert.deepEqual([got.displayName, got.comments, got.email, got.userId], ['Alice', 'ops', 'a@example.com', body.user.userId])

    const seen: string[] = []
    let marker: string | undefined
    for (;;) {
      const page = (await ram.listUsers(new RAM.ListUsersRequest({ maxItems: 3, ...(marker ? { marker } : {}) }))).body
      seen.push(...page.users.user.map((u: { userName: string }) => u.userName))
      if (!page.isTruncated) break
      marker = page.marker
    }
    assert.deepEqual(seen, ['alice', 'bob', 'carol', 'dave'])

    await ram.updateUser(new RAM.UpdateUserRequest({ userName: 'dave', newUserName: 'dan', newDisplayName: 'Dan' }))
    assert.equal((await ram.getUser(new RAM.GetUserRequest({ userName: 'dan' }))).body.user.displayName, 'Dan')
    assert.equal(await code(ram.getUser(new RAM.GetUserRequest({ userName: 'dave' }))), '404 EntityNotExist.User')
    assert.equal(await code(ram.updateUser(new RAM.UpdateUserRequest({ userName: 'dan', newUserName: 'alice' }))), '409 EntityAlreadyExists.User')
    await ram.deleteUser(new RAM.DeleteUserRequest({ userName: 'dan' }))
    assert.equal(await code(ram.deleteUser(new RAM.DeleteUserRequest({ userName: 'dan' }))), '404 EntityNotExist.User')
  })

  it('issues at most two AccessKeys per user, lists them without secrets, disables and deletes them', async () => {
    const first = (await ram.createAccessKey(new RAM.CreateAccessKeyRequest({ userName: 'bob' }))).body.accessKey
    assert.match(first.accessKeyId, /^LTAI/)
    assert.ok(first.accessKeySecret.length >= 24)
    assert.equal(first.status, 'Active')
    await ram.createAccessKey(new RAM.CreateAccessKeyRequest({ userName: 'bob' }))
    assert.equal(await code(ram.createAccessKey(new RAM.CreateAccessKeyRequest({ userName: 'bob' }))), '409 LimitExceeded.User.AccessKey')
    const listed = (await ram.listAccessKeys(new RAM.ListAccessKeysRequest({ userName: 'bob' }))).body.accessKeys.accessKey
    assert.equal(listed.length, 2)
    assert.ok(listed.every((k: Record<string, unknown>) => k.accessKeySecret === undefined))
    assert.equal(await code(ram.deleteUser(new RAM.DeleteUserRequest({ userName: 'bob' }))), '409 DeleteConflict.User.AccessKey')
    await ram.updateAccessKey(new RAM.UpdateAccessKeyRequest({ userName: 'bob', userAccessKeyId: first.accessKeyId, status: 'Inactive' }))
    const after = (await ram.listAccessKeys(new RAM.ListAccessKeysRequest({ userName: 'bob' }))).body.accessKeys.accessKey
    assert.equal(after.find((k: { accessKeyId: string }) => k.accessKeyId === first.accessKeyId).status, 'Inactive')
    // Another user's key, or the account's own, is not bob's to touch.
    assert.equal(await code(ram.deleteAccessKey(new RAM.DeleteAccessKeyRequest({ userName: 'carol', userAccessKeyId: first.accessKeyId }))), '404 EntityNotExist.User.AccessKey')
    assert.equal(await code(ram.deleteAccessKey(new RAM.DeleteAccessKeyRequest({ userName: 'bob', userAccessKeyId: TEST_AK.accessKeyId }))), '404 EntityNotExist.User.AccessKey')
    assert.equal(await code(ram.updateAccessKey(new RAM.UpdateAccessKeyRequest({ userName: 'bob', userAccessKeyId: first.accessKeyId, status: 'Sleeping' }))), '400 InvalidParameter')
    for (const k of after) await ram.deleteAccessKey(new RAM.DeleteAccessKeyRequest({ userName: 'bob', userAccessKeyId: k.accessKeyId }))
    assert.deepEqual((await ram.listAccessKeys(new RAM.ListAccessKeysRequest({ userName: 'bob' }))).body.accessKeys.accessKey, [])
    // Without UserName the account lists its own keys.
    const own = (await ram.listAccessKeys(new RAM.ListAccessKeysRequest({}))).body.accessKeys.accessKey
    assert.deepEqual(own.map((k: { accessKeyId: string }) => k.accessKeyId), [TEST_AK.accessKeyId])
  })

  it('versions custom policies (limit 5, rotation, default) and lists system policies', async () => {
    const created = (await ram.createPolicy(new RAM.CreatePolicyRequest({ policyName: 'enc', policyDocument: ALLOW_ENCRYPT, description: 'encrypt' }))).body.policy
    assert.deepEqual([created.policyType, created.defaultVersion], ['Custom', 'v1'])
    assert.equal(await code(ram.createPolicy(new RAM.CreatePolicyRequest({ policyName: 'enc', policyDocument: ALLOW_ENCRYPT }))), '409 EntityAlreadyExists.Policy')
    for (let i = 2; i <= 5; i++) await ram.createPolicyVersion(new RAM.CreatePolicyVersionRequest({ policyName: 'enc', policyDocument: ALLOW_ENCRYPT }))
    assert.equal(await code(ram.createPolicyVersion(new RAM.CreatePolicyVersionRequest({ policyName: 'enc', policyDocument: ALLOW_ENCRYPT }))), '409 LimitExceeded.Policy.Version')
    const v6 = (await ram.createPolicyVersion(new RAM.CreatePolicyVersionRequest({ policyName: 'enc', policyDocument: ALLOW_ENCRYPT, setAsDefault: true, rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded' }))).body.policyVersion
    assert.deepEqual([v6.versionId, v6.isDefaultVersion], ['v6', true])
    const versions = (await ram.listPolicyVersions(new RAM.ListPolicyVersionsRequest({ policyName: 'enc', policyType: 'Custom' }))).body.policyVersions.policyVersion
    assert.deepEqual(versions.map((v: { versionId: string }) => v.versionId), ['v1', 'v3', 'v4', 'v5', 'v6'])
    await ram.setDefaultPolicyVersion(new RAM.SetDefaultPolicyVersionRequest({ policyName: 'enc', versionId: 'v1' }))
    const got = (await ram.getPolicy(new RAM.GetPolicyRequest({ policyName: 'enc', policyType: 'Custom' }))).body
    assert.deepEqual([got.policy.defaultVersion, got.defaultPolicyVersion.policyDocument], ['v1', ALLOW_ENCRYPT])
    assert.equal(await code(ram.deletePolicyVersion(new RAM.DeletePolicyVersionRequest({ policyName: 'enc', versionId: 'v1' }))), '409 DeleteConflict.PolicyVersion.Default')
    assert.equal(await code(ram.deletePolicy(new RAM.DeletePolicyRequest({ policyName: 'enc' }))), '409 DeleteConflict.Policy.Version')
    for (const v of ['v3', 'v4', 'v5', 'v6']) await ram.deletePolicyVersion(new RAM.DeletePolicyVersionRequest({ policyName: 'enc', versionId: v }))
    assert.equal(await code(ram.setDefaultPolicyVersion(new RAM.SetDefaultPolicyVersionRequest({ policyName: 'enc', versionId: 'v6' }))), '404 EntityNotExist.Policy.Version')

    const system = (await ram.listPolicies(new RAM.ListPoliciesRequest({ policyType: 'System' }))).body.policies.policy
    assert.ok(system.some((p: { policyName: string }) => p.policyName === 'AliyunKMSFullAccess'))
    const kmsFull = (await ram.getPolicy(new RAM.GetPolicyRequest({ policyName: 'AliyunKMSFullAccess', policyType: 'System' }))).body
    assert.deepEqual(JSON.parse(kmsFull.defaultPolicyVersion.policyDocument).Statement[0].Action, ['kms:*'])
    const all = (await ram.listPolicies(new RAM.ListPoliciesRequest({ maxItems: 2 }))).body
    assert.equal(all.isTruncated, true)
    assert.equal(await code(ram.getPolicy(new RAM.GetPolicyRequest({ policyName: 'AliyunNothing', policyType: 'System' }))), '404 EntityNotExist.Policy')
  })

  it('attaches policies to users, groups and roles, and refuses deleting what is still attached', async () => {
    await ram.createGroup(new RAM.CreateGroupRequest({ groupName: 'ops', comments: 'operators' }))
    await ram.addUserToGroup(new RAM.AddUserToGroupRequest({ userName: 'carol', groupName: 'ops' }))
    assert.equal(await code(ram.addUserToGroup(new RAM.AddUserToGroupRequest({ userName: 'carol', groupName: 'ops' }))), '409 EntityAlreadyExists.User.Group')
    assert.deepEqual((await ram.listGroupsForUser(new RAM.ListGroupsForUserRequest({ userName: 'carol' }))).body.groups.group.map((g: { groupName: string }) => g.groupName), ['ops'])
    await ram.attachPolicyToGroup(new RAM.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName: 'enc', groupName: 'ops' }))
    await ram.attachPolicyToUser(new RAM.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'AliyunKMSReadOnlyAccess', userName: 'carol' }))
    assert.equal(await code(ram.attachPolicyToUser(new RAM.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'AliyunKMSReadOnlyAccess', userName: 'carol' }))), '409 EntityAlreadyExists.Policy.Attachment')
    assert.equal(await code(ram.attachPolicyToUser(new RAM.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'missing', userName: 'carol' }))), '404 EntityNotExist.Policy')
    const forUser = (await ram.listPoliciesForUser(new RAM.ListPoliciesForUserRequest({ userName: 'carol' }))).body.policies.policy
    assert.deepEqual(forUser.map((p: { policyName: string; policyType: string }) => `${p.policyType}:${p.policyName}`), ['System:AliyunKMSReadOnlyAccess'])
    assert.equal(await code(ram.deletePolicy(new RAM.DeletePolicyRequest({ policyName: 'enc' }))), '409 DeleteConflict.Policy.User')
    assert.equal(await code(ram.deleteGroup(new RAM.DeleteGroupRequest({ groupName: 'ops' }))), '409 DeleteConflict.Group.User')
    assert.equal(await code(ram.deleteUser(new RAM.DeleteUserRequest({ userName: 'carol' }))), '409 DeleteConflict.User.Group')

    const role = (await ram.createRole(new RAM.CreateRoleRequest({ roleName: 'KmsOperator', assumeRolePolicyDocument: TRUST_ACCOUNT, maxSessionDuration: 7200 }))).body.role
    assert.deepEqual([role.arn, role.maxSessionDuration], ['acs:ram::1234567890123456:role/kmsoperator', 7200])
    assert.equal(await code(ram.createRole(new RAM.CreateRoleRequest({ roleName: 'kmsoperator', assumeRolePolicyDocument: TRUST_ACCOUNT }))), '409 EntityAlreadyExists.Role')
    await ram.attachPolicyToRole(new RAM.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AliyunKMSFullAccess', roleName: 'KmsOperator' }))
    assert.equal((await ram.listPoliciesForRole(new RAM.ListPoliciesForRoleRequest({ roleName: 'KmsOperator' }))).body.policies.policy.length, 1)
    assert.equal(await code(ram.deleteRole(new RAM.DeleteRoleRequest({ roleName: 'KmsOperator' }))), '409 DeleteConflict.Role.Policy')
    await ram.detachPolicyFromRole(new RAM.DetachPolicyFromRoleRequest({ policyType: 'System', policyName: 'AliyunKMSFullAccess', roleName: 'KmsOperator' }))
    assert.equal(await code(ram.detachPolicyFromRole(new RAM.DetachPolicyFromRoleRequest({ policyType: 'System', policyName: 'AliyunKMSFullAccess', roleName: 'KmsOperator' }))), '404 EntityNotExist.Policy.Attachment')
    assert.equal((await ram.getRole(new RAM.GetRoleRequest({ roleName: 'KmsOperator' }))).body.role.assumeRolePolicyDocument, TRUST_ACCOUNT)
    assert.equal((await ram.listRoles(new RAM.ListRolesRequest({}))).body.roles.role.length, 1)
    await ram.deleteRole(new RAM.DeleteRoleRequest({ roleName: 'KmsOperator' }))
    assert.equal(await code(ram.getRole(new RAM.GetRoleRequest({ roleName: 'KmsOperator' }))), '404 EntityNotExist.Role')
  })

  it('refuses malformed policies and hostile names with RAM codes, never a 5xx or a half-written record', async () => {
    const bad = ['', '{', '[]', '{"Version":"2","Statement":[]}', doc({ Effect: 'Maybe', Action: '*', Resource: '*' }), `{"Version":"1","Statement":${'['.repeat(50)}`, 'x'.repeat(7000)]
    for (const policyDocument of bad) {
      const f = await failure(ram.createPolicy(new RAM.CreatePolicyRequest({ policyName: 'bad', policyDocument })))
      assert.ok(f.status === 400 && ['MalformedPolicyDocument', 'InvalidParameter', 'MissingParameter'].includes(f.code), `${policyDocument.slice(0, 20)}: ${f.status} ${f.code}`)
    }
    assert.equal(await code(ram.getPolicy(new RAM.GetPolicyRequest({ policyName: 'bad', policyType: 'Custom' }))), '404 EntityNotExist.Policy')
    assert.equal(await code(ram.createRole(new RAM.CreateRoleRequest({ roleName: 'r', assumeRolePolicyDocument: ALLOW_ENCRYPT }))), '400 MalformedPolicyDocument')
    for (const userName of ['', 'a'.repeat(65), 'bad name', '../x', 'ü', '__proto__\u0000']) {
      const f = await failure(ram.createUser(new RAM.CreateUserRequest({ userName })))
      assert.ok(f.status === 400, `${JSON.stringify(userName)}: ${f.status} ${f.code}`)
    }
    assert.equal(await code(ram.listUsers(new RAM.ListUsersRequest({ marker: 'not-a-marker!' }))), '400 InvalidParameter')
    assert.equal(await code(ram.listUsers(new RAM.ListUsersRequest({ maxItems: 5000 }))), '400 InvalidParameter')
  })

  it('routes by Version: KMS actions are not RAM actions, an unknown version is refused', async () => {
    const host = app.endpoint
    const asRam = await call(host, TEST_AK, 'CreateKey', {}, { version: RAM_VERSION })
    assert.deepEqual([asRam.status, asRam.body.Code], [404, 'InvalidAction.NotFound'])
    const asKms = await call(host, TEST_AK, 'CreateUser', { UserName: 'x' })
    assert.deepEqual([asKms.status, asKms.body.Code], [404, 'InvalidAction.NotFound'])
    const v1 = await call(host, TEST_AK, 'GetUser', { UserName: 'alice' }, { version: RAM_VERSION, style: 'v1' })
    assert.equal((v1.body.User as { UserName: string }).UserName, 'alice')
    const unknown = await call(host, TEST_AK, 'GetUser', { UserName: 'alice' }, { version: '2099-01-01' })
    assert.deepEqual([unknown.status, unknown.body.Code], [400, 'InvalidVersion'])
  })
})
