import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { encodeCiphertextBlob } from '../ciphertext-blob.js'
import { KmsError } from '../errors.js'
import type { Principal } from '../principal.js'
import { parsePolicyDocument, type PolicyDocument } from './document.js'
import { authorizeCall, type AuthorizationResolver } from './kms-authorization.js'

const ACCOUNT = '1234567890123456'
const scope = { region: 'cn-hangzhou', accountId: ACCOUNT }
const keyArn = (id: string) => `acs:kms:cn-hangzhou:${ACCOUNT}:key/${id}`

const root: Principal = { kind: 'root', accountId: ACCOUNT, accessKeyId: 'LTAIroot', arn: `acs:ram::${ACCOUNT}:root` }
const alice: Principal = { kind: 'user', accountId: ACCOUNT, accessKeyId: 'LTAIalice', arn: `acs:ram::${ACCOUNT}:user/alice`, userName: 'alice', userId: '2001' }
const session: Principal = {
  kind: 'assumed-role',
  accountId: ACCOUNT,
  accessKeyId: 'STS.abc',
  arn: `acs:ram::${ACCOUNT}:assumed-role/app/s1`,
  roleName: 'app',
  roleId: '3001',
  sessionName: 's1',
}
const outsider: Principal = { kind: 'user', accountId: '999', accessKeyId: 'LTAIout', arn: 'acs:ram::999:user/bob', userName: 'bob' }

const policy = (...Statement: unknown[]): PolicyDocument => parsePolicyDocument(JSON.stringify({ Version: '1', Statement }))
const keyPolicy = (...Statement: unknown[]) => JSON.stringify({ Version: '1', Statement })

interface Fixture {
  keys: Record<string, { tags?: Record<string, string>; policy?: string; aliases?: string[]; versions?: string[] }>
  secrets?: Record<string, { tags?: Record<string, string>; policy?: string }>
}

function resolver(f: Fixture): AuthorizationResolver {
  const byRef = (ref: string) => {
    for (const [keyId, k] of Object.entries(f.keys)) if (ref === keyId || ref === keyArn(keyId) || k.aliases?.includes(ref)) return { keyId, tags: k.tags ?? {}, ...(k.policy && { policy: k.policy }) }
    return undefined
  }
  return {
    key: async (ref) => byRef(ref),
    secret: async (name) => {
      const s = f.secrets?.[name]
      return s && { name, tags: s.tags ?? {}, ...(s.policy && { policy: s.policy }) }
    },
    keyOfVersion: async (versionId) => {
      const found = Object.entries(f.keys).find(([, k]) => k.versions?.includes(versionId))
      return found ? byRef(found[0]) : undefined
    },
  }
}

const fixture: Fixture = {
  keys: {
    k1: { tags: { Project: 'apollo' }, aliases: ['alias/app'], versions: ['v-k1'] },
    k2: { versions: ['v-k2'] },
    guarded: {
      policy: keyPolicy(
        { Sid: 'kms default key policy', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:*`] }, Action: ['kms:*'], Resource: ['*'] },
        { Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/alice`, `acs:ram::${ACCOUNT}:role/app`, 'acs:ram::999:user/bob'] }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: ['*'] },
        { Effect: 'Deny', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/alice`] }, Action: ['kms:ScheduleKeyDeletion'], Resource: ['*'] },
      ),
    },
    sealed: { policy: keyPolicy({ Effect: 'Deny', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] }, Action: ['kms:*'], Resource: ['*'] }) },
    broken: { policy: '{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["*"]},"Action":["kms:*"],"Resource":["*"],"Condition":{"Whatever":{"a":"b"}}}]}' },
  },
  secrets: {
    db: { tags: { team: 'data' } },
    web: { policy: keyPolicy({ Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/alice`] }, Action: ['kms:GetSecretValue'], Resource: ['*'] }) },
  },
}
const r = resolver(fixture)

interface Call {
  principal?: Principal
  identity?: PolicyDocument[]
  session?: PolicyDocument
  action: string
  params?: Record<string, string>
  conditions?: Record<string, string | string[]>
}

function call(c: Call): Promise<void> {
  return authorizeCall(
    {
      principal: c.principal ?? alice,
      identityPolicies: c.identity ?? [],
      ...(c.session && { sessionPolicy: c.session }),
      action: c.action,
      params: c.params ?? {},
      conditions: c.conditions ?? { 'acs:SourceIp': '10.0.0.1', 'acs:SecureTransport': 'true', 'acs:CurrentTime': new Date().toISOString() },
      scope,
    },
    r,
  )
}

async function denied(c: Call, code: 'Forbidden.RAM' | 'NoPermission' = 'Forbidden.RAM'): Promise<KmsError> {
  let err: unknown
  await call(c).catch((e: unknown) => (err = e))
  assert.ok(err instanceof KmsError, `${c.action} should be refused`)
  assert.equal(err.code, code)
  assert.equal(err.status, 403)
  return err
}

const allowOn = (action: string | string[], resource: string | string[], extra: object = {}) => policy({ Effect: 'Allow', Action: action, Resource: resource, ...extra })

describe('authorizeCall', () => {
  it('root may do everything, with no policies at all', async () => {
    for (const action of ['kms:CreateKey', 'kms:Encrypt', 'kms:ScheduleKeyDeletion', 'ram:CreateUser', 'sts:AssumeRole', 'kms:SomethingNew'])
      await call({ principal: root, action, params: { KeyId: 'k1' } })
  })

  it('root is refused what a key policy explicitly denies it, except repairing the policy', async () => {
    await denied({ principal: root, action: 'kms:Encrypt', params: { KeyId: 'sealed' } })
    await call({ principal: root, action: 'kms:GetKeyPolicy', params: { KeyId: 'sealed' } })
    await call({ principal: root, action: 'kms:SetKeyPolicy', params: { KeyId: 'sealed' } })
    // A Deny naming a user does not touch root.
    await call({ principal: root, action: 'kms:ScheduleKeyDeletion', params: { KeyId: 'guarded' } })
  })

  it('a RAM user with no policy is refused, with the action named and the resource not', async () => {
    const e = await denied({ action: 'kms:Encrypt', params: { KeyId: 'k1' } })
    assert.match(e.message, /kms:Encrypt/)
    assert.doesNotMatch(e.message, /k1/)
  })

  it('a RAM policy on the key allows exactly what it names', async () => {
    const p = allowOn(['kms:Encrypt', 'kms:Decrypt'], keyArn('k1'))
    await call({ identity: [p], action: 'kms:Encrypt', params: { KeyId: 'k1' } })
    await call({ identity: [p], action: 'Encrypt', params: { KeyId: keyArn('k1') } })
    await denied({ identity: [p], action: 'kms:Encrypt', params: { KeyId: 'k2' } })
    await denied({ identity: [p], action: 'kms:ScheduleKeyDeletion', params: { KeyId: 'k1' } })
  })

  it('alias-addressed calls are authorised on the key; unknown aliases need every key', async () => {
    const onK1 = allowOn('kms:Encrypt', keyArn('k1'))
    await call({ identity: [onK1], action: 'kms:Encrypt', params: { KeyId: 'alias/app' } })
    await call({ identity: [onK1], action: 'kms:Encrypt', params: { KeyId: `acs:kms:cn-hangzhou:${ACCOUNT}:alias/app` } })
    await denied({ identity: [onK1], action: 'kms:Encrypt', params: { KeyId: 'alias/none' } })
    await call({ identity: [allowOn('kms:Encrypt', 'acs:kms:*:*:key/*')], action: 'kms:Encrypt', params: { KeyId: 'alias/none' } })
    await denied({ identity: [allowOn('kms:Encrypt', `acs:kms:*:*:alias/app`)], action: 'kms:Encrypt', params: { KeyId: 'alias/app' } })
  })

  it('CreateAlias needs both the alias and the key', async () => {
    const params = { AliasName: 'alias/new', KeyId: 'k1' }
    await denied({ identity: [allowOn('kms:CreateAlias', keyArn('k1'))], action: 'kms:CreateAlias', params })
    await denied({ identity: [allowOn('kms:CreateAlias', `acs:kms:cn-hangzhou:${ACCOUNT}:alias/new`)], action: 'kms:CreateAlias', params })
    await call({ identity: [allowOn('kms:CreateAlias', [keyArn('k1'), `acs:kms:cn-hangzhou:${ACCOUNT}:alias/new`])], action: 'kms:CreateAlias', params })
  })

  it('never tells a caller without permission whether a key exists', async () => {
    const onK1 = allowOn('kms:DescribeKey', keyArn('k1'))
    const existing = await denied({ identity: [onK1], action: 'kms:DescribeKey', params: { KeyId: 'k2' } })
    const missing = await denied({ identity: [onK1], action: 'kms:DescribeKey', params: { KeyId: 'no-such-key' } })
    assert.equal(existing.message, missing.message)
    // With the permission on the ARN it would have, the call goes on (and the handler reports not found).
    await call({ identity: [allowOn('kms:DescribeKey', keyArn('no-such-key'))], action: 'kms:DescribeKey', params: { KeyId: 'no-such-key' } })
  })

  it('kms:tag conditions read the key’s tags', async () => {
    const p = allowOn('kms:Encrypt', '*', { Condition: { StringEquals: { 'kms:tag/Project': 'apollo' } } })
    await call({ identity: [p], action: 'kms:Encrypt', params: { KeyId: 'alias/app' } })
    await denied({ identity: [p], action: 'kms:Encrypt', params: { KeyId: 'k2' } })
  })

  it('global condition keys come from the request', async () => {
    const p = allowOn('kms:*', '*', { Condition: { IpAddress: { 'acs:SourceIp': '192.168.0.0/16' }, Bool: { 'acs:SecureTransport': 'true' } } })
    await call({ identity: [p], action: 'kms:ListKeys', conditions: { 'acs:SourceIp': '192.168.1.1', 'acs:SecureTransport': 'true' } })
    await denied({ identity: [p], action: 'kms:ListKeys', conditions: { 'acs:SourceIp': '10.0.0.1', 'acs:SecureTransport': 'true' } })
    await denied({ identity: [p], action: 'kms:ListKeys', conditions: { 'acs:SourceIp': '192.168.1.1', 'acs:SecureTransport': 'false' } })
  })

  it('same account: the key policy or the RAM policy suffices; a Deny in either wins', async () => {
    await call({ action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
    await denied({ action: 'kms:DescribeKey', params: { KeyId: 'guarded' } }, 'Forbidden.RAM')
    await call({ identity: [allowOn('kms:DescribeKey', '*')], action: 'kms:DescribeKey', params: { KeyId: 'guarded' } })
    await denied({ identity: [allowOn('kms:*', '*')], action: 'kms:ScheduleKeyDeletion', params: { KeyId: 'guarded' } })
    await denied({ identity: [policy({ Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' })], action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
  })

  it('the default key policy grants RAM identities nothing by itself', async () => {
    await denied({ action: 'kms:Encrypt', params: { KeyId: 'k1' } })
    await denied({ principal: session, action: 'kms:Encrypt', params: { KeyId: 'k1' } })
  })

  it('a key policy naming a role covers its sessions', async () => {
    await call({ principal: session, action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
    await denied({ principal: { ...session, roleName: 'other', arn: `acs:ram::${ACCOUNT}:assumed-role/other/s1` }, action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
  })

  it('a session policy narrows a role session, whatever grants the rest', async () => {
    const role = allowOn(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], '*')
    const narrow = allowOn('kms:Encrypt', '*')
    await call({ principal: session, identity: [role], session: narrow, action: 'kms:Encrypt', params: { KeyId: 'k1' } })
    await denied({ principal: session, identity: [role], session: narrow, action: 'kms:DescribeKey', params: { KeyId: 'k1' } })
    // The key policy allows the role's Decrypt, but the session policy does not.
    const blob = encodeCiphertextBlob({ keyVersionId: 'v-k1', algorithm: 'AES_GCM', iv: Buffer.alloc(12), ciphertext: Buffer.from('x'), tag: Buffer.alloc(16) }).toString('base64')
    await denied({ principal: session, identity: [], session: narrow, action: 'kms:Encrypt', params: { KeyId: 'k2' } })
    await denied({ principal: session, identity: [role], session: policy({ Effect: 'Deny', Action: '*', Resource: '*' }), action: 'kms:Decrypt', params: { CiphertextBlob: blob } })
  })

  it('another account needs both its RAM policy and the key policy', async () => {
    const p = allowOn('kms:Encrypt', '*')
    await denied({ principal: outsider, action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
    await denied({ principal: outsider, identity: [p], action: 'kms:Encrypt', params: { KeyId: 'k1' } })
    await call({ principal: outsider, identity: [p], action: 'kms:Encrypt', params: { KeyId: 'guarded' } })
  })

  it('Decrypt is authorised on the key inside the ciphertext; an unknown one needs every key', async () => {
    const blobOf = (v: string) => encodeCiphertextBlob({ keyVersionId: v, algorithm: 'AES_GCM', iv: Buffer.alloc(12), ciphertext: Buffer.from('x'), tag: Buffer.alloc(16) }).toString('base64')
    const onK1 = allowOn('kms:Decrypt', keyArn('k1'))
    await call({ identity: [onK1], action: 'kms:Decrypt', params: { CiphertextBlob: blobOf('v-k1') } })
    await denied({ identity: [onK1], action: 'kms:Decrypt', params: { CiphertextBlob: blobOf('v-k2') } })
    await denied({ identity: [onK1], action: 'kms:Decrypt', params: { CiphertextBlob: blobOf('v-gone') } })
    await denied({ identity: [onK1], action: 'kms:Decrypt', params: { CiphertextBlob: 'not base64 at all' } })
    await call({ identity: [allowOn('kms:Decrypt', 'acs:kms:*:*:key/*')], action: 'kms:Decrypt', params: { CiphertextBlob: blobOf('v-gone') } })
  })

  it('ReEncrypt needs kms:ReEncrypt on both the source and the destination key', async () => {
    const blob = encodeCiphertextBlob({ keyVersionId: 'v-k1', algorithm: 'AES_GCM', iv: Buffer.alloc(12), ciphertext: Buffer.from('x'), tag: Buffer.alloc(16) }).toString('base64')
    const params = { CiphertextBlob: blob, DestinationKeyId: 'k2' }
    await denied({ identity: [allowOn('kms:ReEncrypt', keyArn('k2'))], action: 'kms:ReEncrypt', params })
    await denied({ identity: [allowOn('kms:ReEncrypt', keyArn('k1'))], action: 'kms:ReEncrypt', params })
    await call({ identity: [allowOn('kms:ReEncrypt', [keyArn('k1'), keyArn('k2')])], action: 'kms:ReEncrypt', params })
    await call({ identity: [allowOn('kms:ReEncrypt', [keyArn('k1'), keyArn('k2')])], action: 'kms:ReEncrypt', params: { CiphertextBlob: 'zz', SourceKeyId: 'k1', DestinationKeyId: 'k2' } })
    // A SourceKeyId the caller may use does not cover a ciphertext made under another key.
    await denied({ identity: [allowOn('kms:ReEncrypt', [keyArn('k2')])], action: 'kms:ReEncrypt', params: { CiphertextBlob: blob, SourceKeyId: 'k2', DestinationKeyId: 'k2' } })
  })

  it('hostile parameters: every alternative given is authorised, oversized lists need every resource', async () => {
    const onK1 = allowOn(['kms:SetDeletionProtection', 'kms:TagResource', 'kms:TagResources', 'kms:BatchGetSecretValue', 'kms:GetSecretValue'], [keyArn('k1'), `acs:kms:cn-hangzhou:${ACCOUNT}:secret/db`])
    await call({ identity: [onK1], action: 'kms:SetDeletionProtection', params: { ProtectedResourceArn: keyArn('k1') } })
    await denied({ identity: [onK1], action: 'kms:SetDeletionProtection', params: { ProtectedResourceArn: keyArn('k1'), KeyId: 'k2' } })
    await denied({ identity: [onK1], action: 'kms:TagResource', params: { KeyId: 'k1', SecretName: 'web' } })
    await denied({ identity: [onK1], action: 'kms:TagResources', params: { ResourceType: 'key', 'ResourceId.1': 'k1', 'ResourceId.5000': 'k2' } })
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`ResourceId.${i + 1}`, 'k1']))
    await denied({ identity: [onK1], action: 'kms:TagResources', params: { ResourceType: 'key', ...many } })
    const list = JSON.stringify(Array.from({ length: 65 }, () => ({ SecretName: 'db' })))
    await denied({ identity: [onK1], action: 'kms:BatchGetSecretValue', params: { SecretsList: list } })
    await denied({ identity: [onK1], action: 'kms:BatchGetSecretValue', params: { SecretsList: JSON.stringify([{ SecretName: 'db' }, { SecretName: 7 }]) } })
    await denied({ identity: [onK1], action: 'kms:GetSecretValue', params: { SecretName: `acs:kms:cn-hangzhou:${ACCOUNT}:secret/other` } })
    await denied({ identity: [onK1], action: 'kms:GetSecretValue', params: { SecretName: `acs:kms:cn-beijing:${ACCOUNT}:secret/db` } })
    await denied({ identity: [onK1], action: 'kms:GetSecretValue', params: {} })
    await denied({ identity: [onK1], action: 'kms:TagResource', params: {} })
  })

  it('kms:EncryptionAlgorithm comes from the request, SYMMETRIC_DEFAULT otherwise', async () => {
    const p = allowOn(['kms:AsymmetricDecrypt', 'kms:Encrypt'], '*', { Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' } } })
    await call({ identity: [p], action: 'kms:AsymmetricDecrypt', params: { KeyId: 'k1', Algorithm: 'RSAES_OAEP_SHA_256' } })
    await denied({ identity: [p], action: 'kms:AsymmetricDecrypt', params: { KeyId: 'k1', Algorithm: 'RSAES_OAEP_SHA_1' } })
    await denied({ identity: [p], action: 'kms:Encrypt', params: { KeyId: 'k1' } })
  })

  it('secrets: names, secret policies and all-or-nothing batches', async () => {
    const onDb = allowOn(['kms:GetSecretValue', 'kms:BatchGetSecretValue'], `acs:kms:cn-hangzhou:${ACCOUNT}:secret/db`)
    await call({ identity: [onDb], action: 'kms:GetSecretValue', params: { SecretName: 'db' } })
    await call({ identity: [onDb], action: 'kms:GetSecretValue', params: { SecretName: `acs:kms:cn-hangzhou:${ACCOUNT}:secret/db` } })
    await denied({ identity: [onDb], action: 'kms:GetSecretValue', params: { SecretName: 'other' } })
    await call({ action: 'kms:GetSecretValue', params: { SecretName: 'web' } })
    await denied({ action: 'kms:DescribeSecret', params: { SecretName: 'web' } })
    await call({ identity: [onDb], action: 'kms:BatchGetSecretValue', params: { SecretsList: JSON.stringify([{ SecretName: 'db' }]) } })
    await denied({ identity: [onDb], action: 'kms:BatchGetSecretValue', params: { SecretsList: JSON.stringify([{ SecretName: 'db' }, { SecretName: 'other' }]) } })
    await denied({ identity: [onDb], action: 'kms:BatchGetSecretValue', params: { SecretsList: '{oops' } })
    const tagged = allowOn('kms:GetSecretValue', '*', { Condition: { StringEquals: { 'kms:tag/team': 'data' } } })
    await call({ identity: [tagged], action: 'kms:GetSecretValue', params: { SecretName: 'db' } })
  })

  it('plural tag actions check every resource', async () => {
    const onK1 = allowOn('kms:TagResources', keyArn('k1'))
    await call({ identity: [onK1], action: 'kms:TagResources', params: { ResourceType: 'key', 'ResourceId.1': 'k1' } })
    await denied({ identity: [onK1], action: 'kms:TagResources', params: { ResourceType: 'key', 'ResourceId.1': 'k1', 'ResourceId.2': 'k2' } })
    await denied({ identity: [allowOn('kms:ListTagResources', 'acs:kms:*:*:key/*')], action: 'kms:ListTagResources', params: { ResourceType: 'key' } })
    await call({ identity: [allowOn('kms:ListTagResources', 'acs:kms:*:*:key')], action: 'kms:ListTagResources', params: { ResourceType: 'key' } })
  })

  it('list and create calls act on containers', async () => {
    await call({ identity: [allowOn('kms:ListKeys', `acs:kms:*:${ACCOUNT}:key`)], action: 'kms:ListKeys' })
    await denied({ identity: [allowOn('kms:ListKeys', 'acs:kms:*:*:key/*')], action: 'kms:ListKeys' })
    await call({ identity: [allowOn('kms:CreateSecret', '*')], action: 'kms:CreateSecret', params: { SecretName: 'x' } })
  })

  it('a stored key policy that no longer parses allows nothing to RAM identities and denies nothing to root', async () => {
    await denied({ identity: [allowOn('kms:*', '*')], action: 'kms:Encrypt', params: { KeyId: 'broken' } })
    await call({ principal: root, action: 'kms:Encrypt', params: { KeyId: 'broken' } })
  })

  it('RAM and STS calls: NoPermission, own AccessKeys, role ARNs; the free calls', async () => {
    await denied({ action: 'ram:CreateUser', params: { UserName: 'bob' } }, 'NoPermission')
    const ownKeys = allowOn('ram:*AccessKey*', `acs:ram:*:${ACCOUNT}:user/alice`)
    await call({ identity: [ownKeys], action: 'ram:CreateAccessKey' })
    await call({ identity: [ownKeys], action: 'ram:ListAccessKeys', params: { UserName: 'alice' } })
    await denied({ identity: [ownKeys], action: 'ram:CreateAccessKey', params: { UserName: 'bob' } }, 'NoPermission')
    const attach = allowOn('ram:AttachPolicyToUser', [`acs:ram:*:${ACCOUNT}:user/alice`])
    await denied({ identity: [attach], action: 'ram:AttachPolicyToUser', params: { UserName: 'alice', PolicyName: 'Admin', PolicyType: 'Custom' } }, 'NoPermission')
    const assume = allowOn('sts:AssumeRole', `acs:ram:*:${ACCOUNT}:role/app`)
    await call({ identity: [assume], action: 'sts:AssumeRole', params: { RoleArn: `acs:ram::${ACCOUNT}:role/app`, RoleSessionName: 's' } })
    await denied({ identity: [assume], action: 'sts:AssumeRole', params: { RoleArn: `acs:ram::${ACCOUNT}:role/admin`, RoleSessionName: 's' } }, 'NoPermission')
    await call({ action: 'sts:GetCallerIdentity' })
    await call({ action: 'kms:DescribeRegions' })
    await denied({ identity: [allowOn('*', '*')], action: 'kms:NoSuchApi' })
  })

  it('property: the decision matrix over RAM policy × key policy × session policy × account', async () => {
    type Effect = 'Allow' | 'Deny' | 'none'
    const effect = fc.constantFrom<Effect>('Allow', 'Deny', 'none')
    await fc.assert(
      fc.asyncProperty(effect, effect, fc.option(effect, { nil: undefined }), fc.boolean(), fc.boolean(), async (ram, key, sessionEffect, sameAccount, viaAccount) => {
        const who: Principal = sameAccount ? session : { ...session, accountId: '999', arn: 'acs:ram::999:assumed-role/app/s1' }
        const account = sameAccount ? ACCOUNT : '999'
        const principalName = viaAccount ? `acs:ram::${account}:*` : `acs:ram::${account}:role/app`
        const statements = key === 'none' ? [] : [{ Effect: key, Principal: { RAM: [principalName] }, Action: ['kms:Encrypt'], Resource: ['*'] }]
        const filler = { Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/nobody`] }, Action: ['kms:Encrypt'], Resource: ['*'] }
        const r2 = resolver({ keys: { k: { policy: keyPolicy(...statements, filler) } } })
        const identity = ram === 'none' ? [] : [policy({ Effect: ram, Action: 'kms:Encrypt', Resource: keyArn('k') })]
        const sessionPolicy = sessionEffect === undefined ? undefined : sessionEffect === 'none' ? policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) : policy({ Effect: sessionEffect, Action: 'kms:*', Resource: '*' })
        const outcome = await authorizeCall(
          { principal: who, identityPolicies: identity, ...(sessionPolicy && { sessionPolicy }), action: 'kms:Encrypt', params: { KeyId: 'k' }, conditions: {}, scope },
          r2,
        ).then(
          () => true,
          (e: unknown) => {
            assert.ok(e instanceof KmsError && e.code === 'Forbidden.RAM')
            return false
          },
        )
        // The reference: Alibaba's rules as docs/identity.md states them.
        const keyGrants = key === 'Allow' && (!viaAccount || !sameAccount)
        const anyDeny = ram === 'Deny' || key === 'Deny' || sessionEffect === 'Deny'
        const sessionOk = sessionEffect === undefined || sessionEffect === 'Allow'
        const grants = sameAccount ? ram === 'Allow' || keyGrants : ram === 'Allow' && keyGrants
        assert.equal(outcome, !anyDeny && sessionOk && grants, JSON.stringify({ ram, key, sessionEffect, sameAccount, viaAccount }))
      }),
      { numRuns: 300 },
    )
  })
})
