/**
 * The instance API's authorisation matrix (spec/kms-instance-api.md §4), with access set up through the control
 * plane's official SDK and calls made both by openkms' InstanceClient and by the independent signer: resources by
 * id and alias, permissions, network rules with real source addresses on the loopback network (and X-Forwarded-For
 * from a trusted proxy only), client-key validity, and changes that must take effect on the very next request.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { callV3, type Endpoint } from '../support/sdk.js'
import { InstanceApiError } from '../../src/instance-client/index.js'
import { decodeMessage, encodeMessage } from '../../src/instance-wire/proto.js'
import { grantAccess, instanceClient, rawCall, KEY_USER, SECRET_USER, type Access } from './access-setup.js'

const PROXY = '127.0.0.3'

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (!(e instanceof InstanceApiError)) throw e
    return `${e.httpStatus} ${e.code}`
  }
}

describe('instance API authorisation', () => {
  let app: TestApp
  let ep: Endpoint
  let k1: string
  let k2: string

  const createKey = async () => ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as Record<string, string>).KeyId as string
  /** Encrypt through openkms' client. */
  const viaClient = async (access: Access, keyId: string) => {
    const kms = instanceClient(app, access)
    try {
      return await outcome(kms.encrypt({ KeyId: keyId, Plaintext: Buffer.from('p') }))
    } finally {
      kms.close()
    }
  }
  /** Encrypt through the independent signer, optionally from another loopback address or through the proxy. */
  const viaSigner = async (access: Access, keyId: string, opts: { localAddress?: string; forwardedFor?: string } = {}) => {
    const body = encodeMessage('EncryptRequest', { KeyId: keyId, Plaintext: Buffer.from('p') })
    const extraHeaders = opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor } : undefined
    const res = await rawCall(app, access, 'Encrypt', body, { localAddress: opts.localAddress, extraHeaders })
    if (res.status === 200) return 'ok'
    const err = decodeMessage<{ ErrorCode: string; StatusCode: number }>('Error', res.body)
    assert.equal(err.StatusCode, res.status)
    return `${res.status} ${err.ErrorCode}`
  }
  const both = async (access: Access, keyId: string) => [await viaClient(access, keyId), await viaSigner(access, keyId)]

  before(async () => {
    app = await startTestApp({ trustedProxies: [PROXY] }, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    k1 = await createKey()
    k2 = await createKey()
    await callV3(ep, 'CreateAlias', { KeyId: k1, AliasName: 'alias/k1' })
  })
  after(async () => app.stop())

  it('grants the named key only; others are 403 whether or not they exist', async () => {
    const access = await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k1}`], kmsInstance: app.runtime.instanceId })
    assert.deepEqual(await both(access, k1), ['ok', 'ok'])
    assert.deepEqual(await both(access, 'alias/k1'), ['ok', 'ok'], 'the alias resolves to the granted key')
    assert.deepEqual(await both(access, k2), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    assert.deepEqual(await both(access, 'key-hzzdoesnotexist0000000'), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    const kms = instanceClient(app, access)
    try {
      await kms.encrypt({ KeyId: k2, Plaintext: Buffer.from('p') })
      assert.fail('expected a refusal')
    } catch (e) {
      assert.equal((e as Error).message, `This operation for "${k2}" is forbidden by permission system.`)
    } finally {
      kms.close()
    }
  })

  it('an alias resource grants calls made through that alias; wildcards match as prefixes', async () => {
    const byAlias = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/alias/k1'] })
    assert.deepEqual(await both(byAlias, 'alias/k1'), ['ok', 'ok'])
    assert.deepEqual(await both(byAlias, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    const prefix = await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k2.slice(0, 10)}*`] })
    assert.equal(await viaClient(prefix, k2), 'ok')
  })

  it('self-describing ciphertexts are authorised on the key they name', async () => {
    const one = instanceClient(app, await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k1}`] }))
    const two = instanceClient(app, await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k2}`] }))
    const none = instanceClient(app, await grantAccess(ep, { permissions: [SECRET_USER], resources: ['key/*', 'secret/*'] }))
    try {
      const { CiphertextBlob } = await one.advanceEncrypt({ KeyId: k1, Plaintext: Buffer.from('p') })
      assert.equal(await outcome(one.advanceDecrypt({ CiphertextBlob })), 'ok')
      assert.equal(await outcome(two.advanceDecrypt({ CiphertextBlob })), '403 Forbidden.NoPermission')
      assert.equal(await outcome(two.advanceDecrypt({ CiphertextBlob, KeyId: k2 })), '404 Forbidden.KeyNotFound', 'not a version of k2')
      assert.equal(await outcome(one.advanceDecrypt({ CiphertextBlob, KeyId: k2 })), '403 Forbidden.NoPermission')
      const forged = Buffer.from(CiphertextBlob)
      Buffer.from('00000000-0000-4000-8000-000000000000').copy(forged, 3)
      assert.equal(await outcome(one.advanceDecrypt({ CiphertextBlob: forged })), '404 Forbidden.KeyNotFound')
      assert.equal(await outcome(none.advanceDecrypt({ CiphertextBlob: forged })), '403 Forbidden.NoPermission')
    } finally {
      for (const c of [one, two, none]) c.close()
    }
  })

  it('needs the permission template of the API: CryptoServiceKeyUser for keys, CryptoServiceSecretUser for secrets', async () => {
    const secretsOnly = await grantAccess(ep, { permissions: [SECRET_USER], resources: ['key/*', 'secret/*'] })
    assert.deepEqual(await both(secretsOnly, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    const kms = instanceClient(app, secretsOnly)
    assert.equal(await outcome(kms.generateRandom({ Length: 8 })), '403 Forbidden.NoPermission')
    kms.close()
    const onlySecretResources = instanceClient(app, await grantAccess(ep, { permissions: [KEY_USER], resources: ['secret/*'] }))
    assert.equal(await outcome(onlySecretResources.generateRandom({ Length: 8 })), '403 Forbidden.NoPermission')
    onlySecretResources.close()
    const oneKey = instanceClient(app, await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k1}`] }))
    assert.equal(await outcome(oneKey.generateRandom({ Length: 8 })), 'ok', 'GenerateRandom needs KeyUser on some key')
    oneKey.close()
  })

  it('GetSecretValue needs SecretUser on the secret and KeyUser on the key that encrypts it', async () => {
    await callV3(ep, 'CreateSecret', { SecretName: 'db-password', VersionId: 'v1', SecretData: 's3cr3t', EncryptionKeyId: k2 })
    const call = async (access: Access, name = 'db-password') => {
      const kms = instanceClient(app, access)
      try {
        return await outcome(kms.getSecretValue({ SecretName: name }))
      } finally {
        kms.close()
      }
    }
    const secretOnly = await grantAccess(ep, { permissions: [SECRET_USER], resources: ['secret/db-*'] })
    assert.equal(await call(secretOnly), '403 Forbidden.NoPermission')
    const keyOnly = await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k2}`, 'secret/db-password'] })
    assert.equal(await call(keyOnly), '403 Forbidden.NoPermission')
    const full = await grantAccess(ep, { permissions: [SECRET_USER, KEY_USER], resources: ['secret/db-password', `key/${k2}`] })
    assert.equal(await call(full), 'ok')
    assert.equal(await call(full, 'db-other'), '403 Forbidden.NoPermission')
    const kms = instanceClient(app, full)
    const v = await kms.getSecretValue({ SecretName: 'db-password' })
    kms.close()
    assert.equal(v.SecretData, 's3cr3t')
    assert.deepEqual(v.VersionStages, ['ACSCurrent'])
    assert.equal(v.VersionId, 'v1')
    const wide = await grantAccess(ep, { permissions: [SECRET_USER, KEY_USER], resources: ['secret/*', 'key/*'] })
    assert.equal(await call(wide, 'no-such-secret'), '404 Forbidden.ResourceNotFound')
  })

  it('network rules admit only their addresses; X-Forwarded-For counts only from a trusted proxy', async () => {
    const access = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'], sourceIps: ['127.0.0.2/32', 'fd00::/8'] })
    assert.equal(await viaClient(access, k1), '403 Forbidden.NoPermission', 'from 127.0.0.1')
    assert.equal(await viaSigner(access, k1), '403 Forbidden.NoPermission', 'from 127.0.0.1')
    assert.equal(await viaSigner(access, k1, { localAddress: '127.0.0.2' }), 'ok')
    assert.equal(await viaSigner(access, k1, { forwardedFor: '127.0.0.2' }), '403 Forbidden.NoPermission', 'not a trusted proxy')
    assert.equal(await viaSigner(access, k1, { localAddress: PROXY, forwardedFor: '127.0.0.2' }), 'ok')
    assert.equal(await viaSigner(access, k1, { localAddress: PROXY, forwardedFor: '127.0.0.2, 10.9.9.9' }), '403 Forbidden.NoPermission')
    assert.equal(await viaSigner(access, k1, { localAddress: PROXY, forwardedFor: 'fd00::42' }), 'ok', 'IPv6 caller behind the proxy')
    assert.equal(await viaSigner(access, k1, { localAddress: PROXY }), '403 Forbidden.NoPermission', 'the proxy itself')
    const rule = `rule-${access.aapName.slice(4)}`
    await callV3(ep, 'UpdateNetworkRule', { Name: rule, SourcePrivateIp: JSON.stringify(['127.0.0.0/31']) })
    assert.equal(await viaClient(access, k1), 'ok', 'a changed rule applies to the next request')
    assert.equal(await viaSigner(access, k1, { localAddress: '127.0.0.2' }), '403 Forbidden.NoPermission')
  })

  it('expired and not-yet-valid client keys are refused even with a valid signature', async () => {
    const expired = await grantAccess(ep, {
      permissions: [KEY_USER],
      resources: ['key/*'],
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2021-01-01T00:00:00Z',
    })
    assert.deepEqual(await both(expired, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    const future = await grantAccess(ep, {
      permissions: [KEY_USER],
      resources: ['key/*'],
      notBefore: '2099-01-01T00:00:00Z',
      notAfter: '2100-01-01T00:00:00Z',
    })
    assert.deepEqual(await both(future, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
  })

  it('deleting a client key or AAP, or changing or dropping a policy, applies to the next request', async () => {
    const a = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
    assert.equal(await viaClient(a, k1), 'ok')
    await callV3(ep, 'UpdatePolicy', { Name: a.policyName, Resources: JSON.stringify([`key/${k2}`]) })
    assert.deepEqual(await both(a, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    assert.deepEqual(await both(a, k2), ['ok', 'ok'])
    await callV3(ep, 'DeleteClientKey', { ClientKeyId: a.clientKeyId })
    assert.deepEqual(await both(a, k2), ['404 Unauthorized', '404 Unauthorized'])

    const b = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
    const other = await grantAccess(ep, { permissions: [KEY_USER], resources: [`key/${k2}`] })
    assert.equal(await viaSigner(b, k1), 'ok')
    await callV3(ep, 'UpdateApplicationAccessPoint', { Name: b.aapName, Policies: JSON.stringify([other.policyName]) })
    await callV3(ep, 'DeletePolicy', { Name: b.policyName })
    assert.deepEqual(await both(b, k1), ['403 Forbidden.NoPermission', '403 Forbidden.NoPermission'])
    assert.equal(await viaSigner(b, k2), 'ok')
    await callV3(ep, 'DeleteApplicationAccessPoint', { Name: b.aapName })
    assert.deepEqual(await both(b, k2), ['404 Unauthorized', '404 Unauthorized'])
  })
})
