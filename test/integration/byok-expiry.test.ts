/**
 * BYOK over time: import tokens expire after 24 hours, imported material at its KeyMaterialExpireUnix (refused at
 * once, removed by the scheduler), and expired tokens are forgotten a week later. Requests are signed with real
 * time, so the server's clock is shifted only around scheduler passes and in-process calls.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { callV3, type Endpoint } from '../support/sdk.js'
import { opensslWrap, ShiftedClock, startByokApp, type ByokApp } from '../support/byok.js'
import { HOUR, DAY } from '../../src/domain/time.js'

describe('BYOK over time: token and material expiry', () => {
  const clock = new ShiftedClock()
  let b: ByokApp
  let ep: Endpoint
  before(async () => {
    b = await startByokApp(clock)
    ep = b.ep
  })
  after(async () => b.app.stop())
  /** A scheduler pass with the server's clock `shiftMs` ahead, then back to real time for signed requests. */
  async function passAt(shiftMs: number): Promise<Record<string, unknown>> {
    clock.shift = shiftMs
    try {
      return await b.app.jobs.runDue()
    } finally {
      clock.shift = 0
    }
  }

  it('refuses a token issued 25 hours ago (ExpiredImportToken), not one issued 23 hours 59 minutes ago', async () => {
    const keyId = await b.externalKey()
    const early = (await b.callLater(-25 * HOUR, 'GetParametersForImport', {
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    })) as Record<string, string>
    const wrapped = opensslWrap(early.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await b.expectFailure(
      callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: early.ImportToken }),
      'ExpiredImportToken',
      400,
    )
    assert.equal((await b.describeKey(keyId)).KeyState, 'PendingImport')
    await b.callLater(-HOUR - 60_000, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: early.ImportToken })
    assert.equal((await b.describeKey(keyId)).KeyState, 'Enabled', 'the same token a minute before its expiry imports')
  })

  it('material expiry: unusable from the instant it expires; the scheduler then removes it; re-import restores', async () => {
    const keyId = await b.externalKey()
    const material = randomBytes(32)
    const expireUnix = Math.floor(Date.now() / 1000) + 3600
    await b.importMaterial(keyId, material, 'RSAES_OAEP_SHA_256', { KeyMaterialExpireUnix: String(expireUnix) })
    const md = await b.describeKey(keyId)
    assert.equal(md.MaterialExpireTime, new Date(expireUnix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    const enc = await b.v3('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('expiring').toString('base64') })
    await assert.rejects(b.callLater(2 * HOUR, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), { code: 'Rejected.PendingImport' })

    let pass = await passAt(30 * 60 * 1000)
    assert.equal((pass['expire-key-material'] as { done: number }).done, 0, 'not yet expired')
    pass = await passAt(2 * HOUR)
    assert.equal((pass['expire-key-material'] as { done: number }).done, 1)
    const expired = await b.describeKey(keyId)
    assert.deepEqual([expired.KeyState, expired.MaterialExpireTime], ['PendingImport', ''])
    assert.equal(await b.storedMaterial(keyId), null)
    await b.expectFailure(callV3(ep, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'Rejected.PendingImport', 409)

    await b.importMaterial(keyId, material)
    const dec = await b.v3('Decrypt', { CiphertextBlob: enc.CiphertextBlob })
    assert.equal(Buffer.from(dec.Plaintext, 'base64').toString(), 'expiring')
  })

  it('the scheduler forgets tokens a week after they expire', async () => {
    const keyId = await b.externalKey()
    const p = await b.params(keyId)
    const hash = createHash('sha256').update(p.ImportToken).digest('hex')
    await passAt(DAY + 6 * DAY)
    assert.ok(await b.app.runtime.store.keyImports.getToken(hash), 'kept for a week after expiry')
    await passAt(DAY + 7 * DAY + HOUR)
    assert.equal(await b.app.runtime.store.keyImports.getToken(hash), undefined)
    const wrapped = opensslWrap(p.PublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32))
    await b.expectFailure(callV3(ep, 'ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: p.ImportToken }), 'InvalidImportToken', 400)
  })
})
