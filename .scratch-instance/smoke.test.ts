import { it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK } from '../test/support/test-app.js'
import { callV3 } from '../test/support/sdk.js'
import { grantAccess, instanceClient, KEY_USER } from '../test/instance/access-setup.js'

it('smoke', async () => {
  const t0 = Date.now()
  const app = await startTestApp({}, { keyPoolSize: 0 })
  console.log('start ms', Date.now() - t0, app.instanceUrl)
  try {
    const ep = { endpoint: app.endpoint, ...TEST_AK }
    const keyId = ((await callV3(ep, 'CreateKey', { KeySpec: 'Aliyun_AES_256', DKMSInstanceId: app.runtime.instanceId })).body.KeyMetadata as any).KeyId
    const access = await grantAccess(ep, { permissions: [KEY_USER], resources: ['key/*'] })
    const c = instanceClient(app, access)
    const enc = await c.encrypt({ KeyId: keyId, Plaintext: Buffer.from('hello') })
    console.log(enc)
    const dec = await c.decrypt({ KeyId: keyId, CiphertextBlob: enc.CiphertextBlob, Iv: enc.Iv })
    assert.equal(dec.Plaintext.toString(), 'hello')
    c.close()
  } finally {
    await app.stop()
  }
})
