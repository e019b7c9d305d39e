/**
 * BYOK test helpers: material wrapped by the `openssl` command line (as docs/byok.md tells users to), ciphertext
 * opened by node's own AES-GCM, and a test server with the calls the BYOK suites share.
 */
import assert from 'node:assert/strict'
import { createDecipheriv } from 'node:crypto'
import { withOpenssl } from './openssl.js'
import { parseCiphertextBlob, encryptionContextAad } from '../../src/domain/ciphertext-blob.js'
import type { Clock } from '../../src/domain/clock.js'
import { dispatch } from '../../src/actions/dispatch.js'
import { startTestApp, TEST_AK, type TestApp } from './test-app.js'
import { callV3, failure, type Endpoint } from './sdk.js'
import { localCaller } from '../../src/actions/define-action.js'

export type Algorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'RSAES_PKCS1_V1_5'

const OPENSSL_PADDING: Record<Algorithm, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1'],
  RSAES_PKCS1_V1_5: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
}

/** What a user does: base64-decode PublicKey to DER, `openssl pkeyutl -encrypt -pubin`, base64 the result. */
export function opensslWrap(publicKeyB64: string, algorithm: Algorithm, material: Buffer): string {
  return withOpenssl((dir) => {
    dir.put('pub.der', Buffer.from(publicKeyB64, 'base64'))
    dir.put('material.bin', material)
    const args = ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'material.bin', '-out', 'wrapped.bin']
    const r = dir.run([...args, ...OPENSSL_PADDING[algorithm]])
    assert.ok(r.ok, r.stderr)
    return dir.read('wrapped.bin').toString('base64')
  })
}

/** Opens an openkms CiphertextBlob with node's AES-GCM and the material the test imported. */
export function aesOpen(material: Buffer, blobB64: string, context?: Record<string, string>): Buffer {
  const blob = parseCiphertextBlob(Buffer.from(blobB64, 'base64'))
  const d = createDecipheriv(`aes-${material.length * 8}-gcm` as 'aes-256-gcm', material, blob.iv)
  d.setAAD(encryptionContextAad(context, blob.format))
  d.setAuthTag(blob.tag)
  return Buffer.concat([d.update(blob.ciphertext), d.final()])
}

/** Real time plus a shift the test controls, so scheduler passes and in-process calls can be run "later". */
export class ShiftedClock implements Clock {
  shift = 0
  now(): number {
    return Date.now() + this.shift
  }
}

/** A test server with the calls the BYOK suites share; every request goes through openapi-client (V3). */
export async function startByokApp(clock: Clock) {
  const app: TestApp = await startTestApp({}, { jobPeriodMs: 0, clock })
  const ep: Endpoint = { endpoint: app.endpoint, ...TEST_AK }
  const v3 = async (action: string, query: Record<string, string>) => (await callV3(ep, action, query)).body as Record<string, any>
  const params = (keyId: string, algorithm: Algorithm = 'RSAES_OAEP_SHA_256') =>
    v3('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' })
  return {
    app,
    ep,
    v3,
    params,
    async expectFailure(p: Promise<unknown>, code: string, status: number) {
      const f = await failure(p)
      assert.deepEqual([f.code, f.status], [code, status], f.message)
    },
    async externalKey(spec = 'Aliyun_AES_256') {
      return (await v3('CreateKey', { KeySpec: spec, Origin: 'EXTERNAL' })).KeyMetadata.KeyId as string
    },
    async describeKey(keyId: string) {
      return (await v3('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, string>
    },
    /** Gets a token, wraps `material` with openssl and imports it. */
    async importMaterial(keyId: string, material: Buffer, algorithm: Algorithm = 'RSAES_OAEP_SHA_256', extra: Record<string, string> = {}) {
      const p = await params(keyId, algorithm)
      const wrapped = opensslWrap(p.PublicKey, algorithm, material)
      return v3('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: wrapped, ImportToken: p.ImportToken, ...extra })
    },
    /** Calls an action in-process with the server's clock moved by `shiftMs` (HTTP requests are signed with real time). */
    async callLater(shiftMs: number, action: string, raw: Record<string, string>) {
      const caller = localCaller(app.runtime.config.accountId, 'cli', TEST_AK.accessKeyId)
      return dispatch(action, raw, { ...app.runtime, clock: { now: () => Date.now() + shiftMs }, requestId: 'in-process', caller })
    },
    /** The wrapped material of the key's version as stored (null while none is imported). */
    async storedMaterial(keyId: string) {
      const key = await app.runtime.store.keys.get(keyId)
      return (await app.runtime.store.keyVersions.get(keyId, key?.primaryVersionId as string))?.wrappedMaterial
    },
  }
}

export type ByokApp = Awaited<ReturnType<typeof startByokApp>>
