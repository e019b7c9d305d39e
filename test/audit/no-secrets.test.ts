/**
 * No secret that passes through the API reaches the audit log, in any encoding (test/reliability/leak-scan.ts):
 * plaintexts (control plane and instance API, good and refused requests), secret values, client-key passwords,
 * the AccessKey secret that signs, a wrong secret that fails to, data keys and client keys handed back.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, TEST_AK } from '../support/test-app.js'
import { callV3, callPop, type Endpoint } from '../support/sdk.js'
import { findLeaks, type Needle } from '../reliability/leak-scan.js'
import { grantAccess, instanceClient, PASSWORD, KEY_USER, SECRET_USER } from '../instance/access-setup.js'

describe('audit log secrecy', () => {
  it('holds none of the secrets sent or returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkms-audit-secrets-'))
    const auditFile = join(dir, 'audit.jsonl')
    const app = await startTestApp({ auditFile }, { jobPeriodMs: 0, keyPoolSize: 0 })
    const needles: Needle[] = [{ label: 'AccessKey secret', bytes: Buffer.from(TEST_AK.accessKeySecret) }]
    let recordedKeyId = ''
    try {
      const ep: Endpoint = { endpoint: app.endpoint, ...TEST_AK }
      const keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
      recordedKeyId = keyId
      const plaintext = randomBytes(48)
      needles.push({ label: 'plaintext', bytes: plaintext })
      const enc = await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: plaintext.toString('base64') })
      const popPlain = randomBytes(40)
      needles.push({ label: 'pop-core plaintext', bytes: popPlain })
      await callPop(ep, 'Encrypt', { KeyId: keyId, Plaintext: popPlain.toString('base64') })
      // Refused requests carry their plaintexts too: a missing key, a wrong signature, a malformed parameter.
      const refusedPlain = randomBytes(32)
      needles.push({ label: 'refused plaintext', bytes: refusedPlain })
      await callV3(ep, 'Encrypt', { KeyId: 'key-missing', Plaintext: refusedPlain.toString('base64') }).catch(() => undefined)
      const wrongSecret = 'wrong-secret-b3f8c9d0e1a2'
      needles.push({ label: 'wrong AccessKey secret', bytes: Buffer.from(wrongSecret) })
      await callV3({ ...ep, accessKeySecret: wrongSecret }, 'Encrypt', { KeyId: keyId, Plaintext: refusedPlain.toString('base64') }).catch(() => undefined)
      const badText = `not base64 ${randomBytes(12).toString('hex')} !!`
      needles.push({ label: 'malformed plaintext', bytes: Buffer.from(badText) })
      await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: badText }).catch(() => undefined)
      const dec = await callV3(ep, 'Decrypt', { CiphertextBlob: enc.body.CiphertextBlob as string })
      assert.equal(dec.body.Plaintext, plaintext.toString('base64'))
      const dataKey = await callV3(ep, 'GenerateDataKey', { KeyId: keyId })
      needles.push({ label: 'data key', bytes: Buffer.from(dataKey.body.Plaintext as string, 'base64') })

      const secretValue = `s3cret-value-${randomBytes(16).toString('hex')}`
      needles.push({ label: 'secret value', bytes: Buffer.from(secretValue) })
      await callV3(ep, 'CreateSecret', { SecretName: 'db-password', SecretData: secretValue, VersionId: 'v1', EncryptionKeyId: keyId })
      const nextValue = `next-value-${randomBytes(16).toString('hex')}`
      needles.push({ label: 'next secret value', bytes: Buffer.from(nextValue) })
      await callV3(ep, 'PutSecretValue', { SecretName: 'db-password', SecretData: nextValue, VersionId: 'v2' })
      await callV3(ep, 'PutSecretValue', { SecretName: 'db-password', SecretData: nextValue, VersionId: 'v2', SecretDataType: 'nonsense' }).catch(() => undefined)
      await callV3(ep, 'GetSecretValue', { SecretName: 'db-password' })
      const generated = await callV3(ep, 'GetRandomPassword', {})
      needles.push({ label: 'random password', bytes: Buffer.from(generated.body.RandomPassword as string) })

      needles.push({ label: 'client-key password', bytes: Buffer.from(PASSWORD) })
      const access = await grantAccess(ep, { permissions: [KEY_USER, SECRET_USER], resources: [`key/${keyId}`, 'secret/*'] })
      needles.push({ label: 'client key', bytes: Buffer.from(readFileSync(access.clientKeyFile, 'utf8')) })
      const client = instanceClient(app, access)
      try {
        const instancePlain = randomBytes(40)
        needles.push({ label: 'instance plaintext', bytes: instancePlain })
        await client.encrypt({ KeyId: keyId, Plaintext: instancePlain })
        const got = (await client.getSecretValue({ SecretName: 'db-password' })) as { SecretData: string }
        assert.equal(got.SecretData, nextValue)
        await client.encrypt({ KeyId: 'key-missing', Plaintext: instancePlain }).catch(() => undefined)
      } finally {
        client.close()
      }
      const events = (await app.runtime.store.audit.list({ limit: 1000 })).length
      assert.ok(events >= 15, `${events} events recorded`)
    } finally {
      await app.close()
    }
    try {
      const rows = readFileSync(auditFile)
      const { openStore } = await import('../../src/store/open-store.js')
      const store = await openStore({ dataDir: app.dataDir, admin: true })
      const stored: string[] = []
      for (const chain of await store.audit.chains()) stored.push(...(await store.audit.readChain(chain, 0, 100_000)).map((r) => r.record))
      await store.close()
      assert.ok(stored.length > 0)
      const files = [{ name: 'audit file', bytes: rows }, { name: 'audit table', bytes: Buffer.from(stored.join('\n')) }]
      assert.deepEqual(findLeaks(files, needles), [])
      // The scan does see what is rightly recorded (key ids), so an empty result means something.
      assert.equal(findLeaks(files, [{ label: 'key id', bytes: Buffer.from(recordedKeyId) }]).length, 1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(app.dataDir, { recursive: true, force: true })
    }
  })
})
