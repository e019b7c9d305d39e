/**
 * The authorisation matrix, judged by the official SDKs: RAM users and STS sessions created through the RAM and
 * STS SDKs call KMS through the KMS SDK (V1) and raw V3 requests. Least-privilege policies allow exactly what
 * they name (actions × resources × conditions), an explicit Deny overrides any Allow, no match is a deny, key
 * policies grant and deny on their own, and a session policy narrows the role.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, failure, kmsClient } from '../support/sdk.js'
import { call, send, signRequest } from '../support/signed-request.js'
import { KMS, RAM, STS, doc, kmsAs, ramClient, stsClient, userWith, type Creds } from '../support/identity.js'

const ACCOUNT = '1234567890123456'
const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('authorisation of KMS, RAM and STS calls', { timeout: 300_000 }, () => {
  let app: TestApp
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let ram: any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let root: any
  const keys: Record<string, string> = {}
  const users: Record<string, Creds> = {}
  let blob1 = ''
  const keyArn = (k: string) => `acs:kms:cn-hangzhou:${ACCOUNT}:key/${keys[k]}`

  /** 'ok' or '<status> <code>' for one KMS SDK call. */
  const outcome = async (c: Creds, action: string, request: Record<string, unknown>): Promise<string> => {
    const client = kmsAs(app.endpoint, c)
    const method = `${action[0]!.toLowerCase()}${action.slice(1)}`
    try {
      await client[method](new KMS[`${action}Request`]!(request))
      return 'ok'
    } catch (e) {
      const f = await failure(Promise.reject(e))
      return `${f.status} ${f.code}`
    }
  }
  const DENIED = '403 Forbidden.RAM'

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ram = ramClient(app.endpoint, TEST_AK)
    root = kmsClient({ endpoint: app.endpoint, ...TEST_AK })
    const create = async (name: string, extra: Record<string, unknown> = {}) => {
      keys[name] = (await root.createKey(new KMS.CreateKeyRequest!({ keySpec: 'Aliyun_AES_256', ...extra }))).keyMetadata.keyId
    }
    for (const k of ['K1', 'K2', 'K3', 'K4']) await create(k)
    const tag = (keyId: string, value: string) =>
      callV3({ endpoint: app.endpoint, ...TEST_AK }, 'TagResource', { KeyId: keyId, Tags: JSON.stringify([{ TagKey: 'env', TagValue: value }]) })
    await tag(keys.K1!, 'prod')
    await tag(keys.K2!, 'dev')
    await root.createAlias(new KMS.CreateAliasRequest!({ aliasName: 'alias/k1', keyId: keys.K1 }))
    blob1 = (await root.encrypt(new KMS.EncryptRequest!({ keyId: keys.K1, plaintext: b64('hello') }))).ciphertextBlob
    await root.createSecret(new KMS.CreateSecretRequest!({ secretName: 's1', secretData: 'pw-1', versionId: 'v1' }))
    await root.createSecret(new KMS.CreateSecretRequest!({ secretName: 's2', secretData: 'pw-2', versionId: 'v1' }))

    const allow = (action: string | string[], resource: string | string[], condition?: object) =>
      doc({ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) })
    users.enc = await userWith(ram, 'u-enc', [allow(['kms:Encrypt', 'kms:Decrypt'], keyArn('K1'))])
    users.none = await userWith(ram, 'u-none')
    users.deny = await userWith(ram, 'u-deny', [doc({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: keyArn('K1') })])
    await ram.createGroup(new RAM.CreateGroupRequest!({ groupName: 'kms-admins' }))
    await ram.attachPolicyToGroup(new RAM.AttachPolicyToGroupRequest!({ policyType: 'System', policyName: 'AliyunKMSFullAccess', groupName: 'kms-admins' }))
    await ram.addUserToGroup(new RAM.AddUserToGroupRequest!({ userName: 'u-deny', groupName: 'kms-admins' }))
    users.ipOk = await userWith(ram, 'u-ip-ok', [allow('kms:Encrypt', '*', { IpAddress: { 'acs:SourceIp': ['127.0.0.1/32', '::1'] } })])
    users.ipNo = await userWith(ram, 'u-ip-no', [allow('kms:Encrypt', '*', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } })])
    users.tls = await userWith(ram, 'u-tls', [allow('kms:*', '*', { Bool: { 'acs:SecureTransport': 'true' } })])
    users.tag = await userWith(ram, 'u-tag', [allow('kms:Encrypt', `acs:kms:*:${ACCOUNT}:key/*`, { StringEquals: { 'kms:tag/env': 'prod' } })])
    users.past = await userWith(ram, 'u-past', [allow('kms:Encrypt', '*', { DateLessThan: { 'acs:CurrentTime': '2020-01-01T00:00:00Z' } })])
    users.future = await userWith(ram, 'u-future', [allow('kms:Encrypt', '*', { DateLessThan: { 'acs:CurrentTime': '2100-01-01T00:00:00+08:00' } })])
    users.secret = await userWith(ram, 'u-secret', [allow('kms:GetSecretValue', `acs:kms:cn-hangzhou:${ACCOUNT}:secret/s1`)])
    users.app = await userWith(ram, 'app')
    users.full = await userWith(ram, 'u-full', [], ['AliyunKMSFullAccess'])
    users.ramAdmin = await userWith(ram, 'u-ram-admin', [], ['AliyunRAMFullAccess'])

    const keyPolicy = (...extra: object[]) =>
      doc({ Sid: 'kms default key policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:*`] }, Action: ['kms:*'], Resource: ['*'] }, ...extra)
    // K3: the key policy alone grants `app` Encrypt. K4: it denies u-full Encrypt, and the account's root identity too.
    const setKeyPolicy = (keyId: string, policy: string) => callV3({ endpoint: app.endpoint, ...TEST_AK }, 'SetKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: policy })
    await setKeyPolicy(keys.K3!, keyPolicy({ Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/app`] }, Action: ['kms:Encrypt'], Resource: ['*'] }))
    const secretPolicy = doc(
      { Sid: 'kms default secret policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:*`] }, Action: ['kms:*'], Resource: ['*'] },
      { Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/app`] }, Action: ['kms:GetSecretValue'], Resource: ['*'] },
      { Effect: 'Deny', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/u-full`] }, Action: ['kms:GetSecretValue'], Resource: ['*'] },
    )
    await callV3({ endpoint: app.endpoint, ...TEST_AK }, 'SetSecretPolicy', { SecretName: 's2', PolicyName: 'default', Policy: secretPolicy })
    await setKeyPolicy(keys.K4!, keyPolicy({ Effect: 'Deny', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/u-full`, `acs:ram::${ACCOUNT}:root`] }, Action: ['kms:Encrypt'], Resource: ['*'] }))
  })
  after(() => app.stop())

  it('allows exactly what a least-privilege policy names: actions × resources', async () => {
    const rows: Array<[string, string, Record<string, unknown>, string]> = [
      ['enc', 'Encrypt', { keyId: 'K1' }, 'ok'],
      ['enc', 'Encrypt', { keyId: 'alias/k1' }, 'ok'],
      ['enc', 'Encrypt', { keyId: 'K2' }, DENIED],
      ['enc', 'Decrypt', { ciphertextBlob: 'blob1' }, 'ok'],
      ['enc', 'DescribeKey', { keyId: 'K1' }, DENIED],
      ['enc', 'ListKeys', {}, DENIED],
      ['enc', 'ScheduleKeyDeletion', { keyId: 'K1', pendingWindowInDays: 7 }, DENIED],
      ['none', 'Encrypt', { keyId: 'K1' }, DENIED],
      ['none', 'ListKeys', {}, DENIED],
      ['full', 'DescribeKey', { keyId: 'K2' }, 'ok'],
      ['full', 'ListKeys', {}, 'ok'],
      ['secret', 'GetSecretValue', { secretName: 's1' }, 'ok'],
      ['secret', 'GetSecretValue', { secretName: 's2' }, DENIED],
      ['secret', 'GetSecretValue', { secretName: 'does-not-exist' }, DENIED],
      ['secret', 'DeleteSecret', { secretName: 's1' }, DENIED],
    ]
    await checkRows(rows)
  })

  it('lets an explicit Deny override every Allow (group AliyunKMSFullAccess, user Deny)', async () => {
    await checkRows([
      ['deny', 'Encrypt', { keyId: 'K1' }, 'ok'],
      ['deny', 'Decrypt', { ciphertextBlob: 'blob1' }, DENIED],
      ['deny', 'DescribeKey', { keyId: 'K1' }, 'ok'],
    ])
  })

  it('evaluates conditions: source address, TLS, tags and time', async () => {
    await checkRows([
      ['ipOk', 'Encrypt', { keyId: 'K2' }, 'ok'],
      ['ipNo', 'Encrypt', { keyId: 'K2' }, DENIED],
      ['tls', 'Encrypt', { keyId: 'K1' }, DENIED], // plain HTTP: acs:SecureTransport is false
      ['tag', 'Encrypt', { keyId: 'K1' }, 'ok'],
      ['tag', 'Encrypt', { keyId: 'K2' }, DENIED],
      ['tag', 'Encrypt', { keyId: 'key-does-not-exist' }, DENIED],
      ['past', 'Encrypt', { keyId: 'K1' }, DENIED],
      ['future', 'Encrypt', { keyId: 'K1' }, 'ok'],
    ])
  })

  it('believes X-Forwarded-For only from trusted proxies (none here)', async () => {
    const req = signRequest(users.ipNo!, 'Encrypt', { KeyId: keys.K2!, Plaintext: b64('x') }, { style: 'v3', host: app.endpoint })
    const res = await send(app.endpoint, { ...req, headers: { ...req.headers, 'x-forwarded-for': '10.1.2.3' } })
    assert.equal(res.status, 403)
    assert.match(res.body.toString(), /Forbidden\.RAM/)
  })

  it('evaluates key and secret policies both ways, for users and for the account itself', async () => {
    await checkRows([
      ['app', 'Encrypt', { keyId: 'K3' }, 'ok'],
      ['app', 'Decrypt', { ciphertextBlob: 'blob1' }, DENIED],
      ['app', 'Encrypt', { keyId: 'K1' }, DENIED],
      ['full', 'Encrypt', { keyId: 'K4' }, DENIED],
      ['full', 'Encrypt', { keyId: 'K3' }, 'ok'],
      ['app', 'GetSecretValue', { secretName: 's2' }, 'ok'],
      ['app', 'GetSecretValue', { secretName: 's1' }, DENIED],
      ['full', 'GetSecretValue', { secretName: 's1' }, 'ok'],
      ['full', 'GetSecretValue', { secretName: 's2' }, DENIED],
    ])
    assert.equal(await outcome(TEST_AK, 'Encrypt', { keyId: keys.K4, plaintext: b64('x') }), DENIED)
    assert.equal(await outcome(TEST_AK, 'Encrypt', { keyId: keys.K3, plaintext: b64('x') }), 'ok')
    // The owner can always read and repair a key policy.
    assert.equal((await callV3({ endpoint: app.endpoint, ...TEST_AK }, 'GetKeyPolicy', { KeyId: keys.K4!, PolicyName: 'default' })).statusCode, 200)
  })

  it('refuses the same way through V3 requests, with the RAM denial code and status', async () => {
    const r = await call(app.endpoint, users.enc!, 'Encrypt', { KeyId: keys.K2!, Plaintext: b64('x') })
    assert.deepEqual([r.status, r.body.Code], [403, 'Forbidden.RAM'])
    assert.match(String(r.body.Message), /kms:Encrypt/)
    const ok = await call(app.endpoint, users.enc!, 'Encrypt', { KeyId: keys.K1!, Plaintext: b64('x') })
    assert.equal(ok.status, 200)
  })

  it('requires ram:* permissions for RAM calls by RAM users', async () => {
    const asNone = ramClient(app.endpoint, users.none!)
    const f = await failure(asNone.createUser(new RAM.CreateUserRequest!({ userName: 'mallory' })))
    assert.deepEqual([f.status, f.code], [403, 'NoPermission'])
    const asAdmin = ramClient(app.endpoint, users.ramAdmin!)
    await asAdmin.createUser(new RAM.CreateUserRequest!({ userName: 'made-by-admin' }))
    // Creating an AccessKey for someone else is a RAM permission like any other.
    assert.equal((await failure(asNone.createAccessKey(new RAM.CreateAccessKeyRequest!({ userName: 'u-enc' })))).code, 'NoPermission')
    // GetCallerIdentity needs no permission.
    const me = (await stsClient(app.endpoint, users.none!).getCallerIdentity()).body
    assert.deepEqual([me.identityType, me.arn], ['RAMUser', `acs:ram::${ACCOUNT}:user/u-none`])
  })

  it('authorises STS sessions as the role, narrowed by the session policy', async () => {
    const trust = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } })
    const role = (await ram.createRole(new RAM.CreateRoleRequest!({ roleName: 'kms-role', assumeRolePolicyDocument: trust }))).body.role
    await ram.attachPolicyToRole(new RAM.AttachPolicyToRoleRequest!({ policyType: 'System', policyName: 'AliyunKMSFullAccess', roleName: 'kms-role' }))
    const onlyBob = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/bob`] } })
    const bobsRole = (await ram.createRole(new RAM.CreateRoleRequest!({ roleName: 'bobs-role', assumeRolePolicyDocument: onlyBob }))).body.role
    const assumer = await userWith(ram, 'u-assumer', [], ['AliyunSTSAssumeRoleAccess'])
    const sts = stsClient(app.endpoint, assumer)

    const narrow = doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: keyArn('K1') })
    const narrowed = (await sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'narrow', policy: narrow }))).body.credentials
    const full = (await sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'full', durationSeconds: 900 }))).body.credentials
    assert.match(narrowed.accessKeyId, /^STS\./)
    users.narrow = narrowed
    users.session = full
    await checkRows([
      ['narrow', 'Encrypt', { keyId: 'K1' }, 'ok'],
      ['narrow', 'Encrypt', { keyId: 'K2' }, DENIED],
      ['narrow', 'Decrypt', { ciphertextBlob: 'blob1' }, DENIED],
      ['session', 'Decrypt', { ciphertextBlob: 'blob1' }, 'ok'],
      ['session', 'Encrypt', { keyId: 'K2' }, 'ok'],
    ])
    const who = (await stsClient(app.endpoint, users.narrow!).getCallerIdentity()).body
    assert.deepEqual([who.identityType, who.arn], ['AssumedRoleUser', `acs:ram::${ACCOUNT}:assumed-role/kms-role/narrow`])
    // The role's policies are read live: detaching them empties every session at once.
    await ram.detachPolicyFromRole(new RAM.DetachPolicyFromRoleRequest!({ policyType: 'System', policyName: 'AliyunKMSFullAccess', roleName: 'kms-role' }))
    await checkRows([['session', 'Encrypt', { keyId: 'K2' }, DENIED]])

    // Trust policy and the caller's own sts:AssumeRole permission are both required.
    const notTrusted = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: bobsRole.arn, roleSessionName: 'xx' })))
    assert.deepEqual([notTrusted.status, notTrusted.code], [403, 'NoPermission'])
    const noPermission = await failure(stsClient(app.endpoint, users.none!).assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'xx' })))
    assert.deepEqual([noPermission.status, noPermission.code], [403, 'NoPermission'])
    const tooLong = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'x1', durationSeconds: 3601 })))
    assert.deepEqual([tooLong.status, tooLong.code], [400, 'InvalidParameter.DurationSeconds'])
    const tooShort = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'x1', durationSeconds: 899 })))
    assert.equal(tooShort.code, 'InvalidParameter.DurationSeconds')
    const badArn = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: 'arn:aws:iam::1:role/x', roleSessionName: 'x1' })))
    assert.equal(badArn.code, 'InvalidParameter.RoleArn')
    const noRole = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: `acs:ram::${ACCOUNT}:role/nobody`, roleSessionName: 'x1' })))
    assert.deepEqual([noRole.status, noRole.code], [404, 'EntityNotExist.Role'])
    const badSession = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'x1', policy: '{"Version":"1"}' })))
    assert.deepEqual([badSession.status, badSession.code], [400, 'InvalidParameter.PolicyGrammar'])
    const badName = await failure(sts.assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'a' })))
    assert.deepEqual([badName.status, badName.code], [400, 'InvalidParameter.RoleSessionName'])
    const asRoot = await failure(stsClient(app.endpoint, TEST_AK).assumeRole(new STS.AssumeRoleRequest!({ roleArn: role.arn, roleSessionName: 'root' })))
    assert.deepEqual([asRoot.status, asRoot.code], [403, 'NoPermission'])
    assert.match(asRoot.message, /root accounts/)
  })

  async function checkRows(rows: Array<[string, string, Record<string, unknown>, string]>): Promise<void> {
    const got: string[] = []
    const want: string[] = []
    for (const [user, action, request, expected] of rows) {
      const params: Record<string, unknown> = { ...request }
      if (typeof params.keyId === 'string' && keys[params.keyId]) params.keyId = keys[params.keyId]
      if (params.ciphertextBlob === 'blob1') params.ciphertextBlob = blob1
      if (action === 'Encrypt') params.plaintext = b64('x')
      const label = `${user} ${action} ${JSON.stringify(request)}`
      got.push(`${label} → ${await outcome(users[user]!, action, params)}`)
      want.push(`${label} → ${expected}`)
    }
    assert.deepEqual(got, want)
  }
})
