/**
 * The built package (dist/, as an application gets it) against a real openkms server: keys and access set up
 * through the control plane's official SDK, then encrypt/decrypt, data keys, random bytes and a secret through
 * the package's client, with Alibaba's error codes on refusals.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startTestApp, TEST_AK, type TestApp } from '../../../test/support/test-app.js'
import { callV3, type Endpoint } from '../../../test/support/sdk.js'
import { caFileOf, grantAccess, KEY_USER, PASSWORD, SECRET_USER } from '../../../test/instance/access-setup.js'
import { buildPackage } from './package-build.js'

type ClientModule = typeof import('../../../src/instance-client/index.js')

describe('@openkms/instance-client against openkms', { timeout: 120_000 }, () => {
  let app: TestApp
  let ep: Endpoint
  let mod: ClientModule
  let kms: InstanceType<ClientModule['InstanceClient']>
  let keyId: string

  before(async () => {
    const dist = join(buildPackage(), 'dist', 'instance-client', 'index.js')
    mod = (await import(pathToFileURL(dist).href)) as ClientModule
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    await callV3(ep, 'CreateSecret', { SecretName: 'db-password', VersionId: 'v1', SecretData: 'hunter2' })
    const access = await grantAccess(ep, { permissions: [KEY_USER, SECRET_USER], resources: ['key/*', 'secret/*'] })
    kms = new mod.InstanceClient({ endpoint: `localhost:${app.instancePort}`, clientKeyFile: access.clientKeyFile, password: PASSWORD, caFilePath: caFileOf(app) })
  })
  after(async () => {
    kms?.close()
    await app?.stop()
  })

  it('encrypts, decrypts, makes data keys and random bytes, reads a secret', async () => {
    const enc = await kms.encrypt({ KeyId: keyId, Plaintext: Buffer.from('from the package') })
    const dec = await kms.decrypt({ KeyId: keyId, CiphertextBlob: enc.CiphertextBlob, Iv: enc.Iv })
    assert.equal(dec.Plaintext.toString(), 'from the package')
    const dk = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 32 })
    assert.equal(dk.Plaintext.length, 32)
    assert.equal((await kms.generateRandom({ Length: 16 })).Random.length, 16)
    assert.equal((await kms.getSecretValue({ SecretName: 'db-password' })).SecretData, 'hunter2')
  })

  it('a refusal is an InstanceApiError with Alibaba code and status', async () => {
    await assert.rejects(kms.encrypt({ KeyId: 'key-hzz00000000000000000000', Plaintext: Buffer.from('x') }), (e: unknown) => {
      assert.ok(e instanceof mod.InstanceApiError)
      assert.equal(e.code, 'Forbidden.KeyNotFound')
      assert.equal(e.httpStatus, 404)
      return true
    })
  })
})
