/**
 * Encrypt / Decrypt on symmetric keys through the official SDKs, against a real server on real SQLite: every spec,
 * EncryptionContext binding, tamper refusal (every single bit), key states and kinds, aliases, rotation, and the
 * in-memory key cache. Blobs are opened a second time by an independent GCM (test/support/crypto-oracles.ts).
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { KMS, kmsClient, callV3, failure, type Endpoint, type SdkFailure } from '../support/sdk.js'
import { aliyunContextAad, independentGcmOpen, openkmsContextAad, splitOpenkmsBlob, splitSharedBlob } from '../support/crypto-oracles.js'
import { dispatch } from '../../src/actions/dispatch.js'
import type { ActionContext } from '../../src/actions/define-action.js'
import { localCaller } from '../../src/actions/define-action.js'
import { decryptBlob } from '../../src/services/crypto/symmetric.js'
import { isKmsError } from '../../src/domain/errors.js'
import { encodeCiphertextBlob } from '../../src/domain/ciphertext-blob.js'
import { generateKeyMaterial } from '../../src/crypto/keygen.js'
import { commitKeyVersion, sealKeyVersion } from '../../src/services/keys/key-versions.js'
import { shutdownCryptoPool } from '../../src/crypto/asymmetric.js'

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')
const codeAndStatus = (f: SdkFailure) => [f.code, f.status]
const SPECS = ['Aliyun_AES_256', 'Aliyun_AES_128', 'Aliyun_AES_192', 'Aliyun_SM4'] as const

describe('symmetric Encrypt / Decrypt via the official SDKs', () => {
  let app: TestApp
  let ep: Endpoint
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any
  let ctx: ActionContext
  const newKey = async (spec: string, extra: Record<string, string> = {}) =>
    (((await callV3(ep, 'CreateKey', { KeySpec: spec, ...extra })).body.KeyMetadata as Record<string, string>).KeyId as string)
  const encrypt = (keyId: string, plaintext: string | Buffer, encryptionContext?: Record<string, string>) =>
    client.encrypt(new KMS.EncryptRequest({ keyId, plaintext: b64(plaintext), encryptionContext }))
  const decrypt = (ciphertextBlob: string, encryptionContext?: Record<string, string>) =>
    client.decrypt(new KMS.DecryptRequest({ ciphertextBlob, encryptionContext }))
  const call = (action: string, params: Record<string, string>) => dispatch(action, params, ctx)

  before(async () => {
    app = await startTestApp({}, { keyPoolSize: 0 })
    ep = { endpoint: app.endpoint, ...TEST_AK }
    client = kmsClient(ep)
    ctx = { ...app.runtime, requestId: 'test', caller: localCaller(app.runtime.config.accountId, 'cli', TEST_AK.accessKeyId) }
  })
  after(async () => {
    await app.stop()
    await shutdownCryptoPool()
  })

  it('round-trips every symmetric spec; an independent GCM opens each blob with the context as AAD', async () => {
    for (const spec of SPECS) {
      const keyId = await newKey(spec)
      const context = { purpose: 'test', 'ünï': 'cödé' }
      const enc = await encrypt(keyId, `hello ${spec}`, context)
      assert.equal(enc.keyId, keyId)
      const dec = await decrypt(enc.ciphertextBlob, context)
      assert.equal(Buffer.from(dec.plaintext, 'base64').toString(), `hello ${spec}`)
      assert.equal(dec.keyVersionId, enc.keyVersionId)

      // New blobs are in Alibaba's layout: the key version id in clear, then iv, ciphertext, tag; AAD = SDK digest.
      const parts = splitSharedBlob(Buffer.from(enc.ciphertextBlob, 'base64'))
      const alg = spec === 'Aliyun_SM4' ? 'SM4_GCM' : 'AES_GCM'
      assert.equal(parts.keyVersionId, enc.keyVersionId)
      const material = (await app.runtime.keyCache.version(keyId, enc.keyVersionId))?.material as Buffer
      assert.equal(material.length, { Aliyun_AES_256: 32, Aliyun_AES_128: 16, Aliyun_AES_192: 24, Aliyun_SM4: 16 }[spec])
      const opened = independentGcmOpen(alg, material, parts.iv, parts.ct, parts.tag, aliyunContextAad(context))
      assert.equal(opened?.toString(), b64(`hello ${spec}`), `${spec}: the blob holds the Plaintext string as sent`)
      assert.equal(independentGcmOpen(alg, material, parts.iv, parts.ct, parts.tag, Buffer.alloc(0)), undefined)
    }
  })

  it('a context with "&" or "=" keeps the openkms-v1 format, whose AAD cannot be confused with another context', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const enc = await encrypt(keyId, 'ambiguous', { a: 'b&c=d' })
    const blob = Buffer.from(enc.ciphertextBlob, 'base64')
    assert.equal(blob[0], 0xc5)
    const parts = splitOpenkmsBlob(blob)
    const material = (await app.runtime.keyCache.version(keyId, enc.keyVersionId))?.material as Buffer
    assert.equal(independentGcmOpen(parts.alg, material, parts.iv, parts.ct, parts.tag, openkmsContextAad({ a: 'b&c=d' }))?.toString(), b64('ambiguous'))
    assert.equal((await failure(decrypt(enc.ciphertextBlob, { a: 'b', c: 'd' }))).code, 'InvalidParameter')
    assert.equal((await decrypt(enc.ciphertextBlob, { a: 'b&c=d' })).plaintext, b64('ambiguous'))
  })

  it('EncryptionContext is order-insensitive, the kms 1.x flattened form equals JSON, and any mismatch is refused', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const flat = await encrypt(keyId, 'ctx', { b: '2', a: '1' })
    const viaJson = await callV3(ep, 'Decrypt', { CiphertextBlob: flat.ciphertextBlob, EncryptionContext: '{"a":"1","b":"2"}' })
    assert.equal(viaJson.body.Plaintext, b64('ctx'))
    const json = await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64('ctx'), EncryptionContext: '{"b":"2","a":"1"}' })
    assert.equal((await decrypt(json.body.CiphertextBlob as string, { a: '1', b: '2' })).plaintext, b64('ctx'))

    const wrongContexts: Array<Record<string, string> | undefined> = [undefined, { a: '1' }, { a: '1', b: '2', c: '3' }, { a: '1', b: '3' }, { A: '1', b: '2' }, { a: '1b', b: '' }]
    for (const wrong of wrongContexts) {
      const f = await failure(decrypt(flat.ciphertextBlob, wrong))
      assert.equal(f.code, 'InvalidParameter', JSON.stringify(wrong))
      assert.equal(f.status, 400)
      assert.match(f.message, /CiphertextBlob/)
      assert.doesNotMatch(f.message, /ctx|Y3R4/)
    }
    const noContext = await encrypt(keyId, 'none')
    assert.equal((await failure(decrypt(noContext.ciphertextBlob, { a: '1' }))).code, 'InvalidParameter')
    assert.equal((await callV3(ep, 'Decrypt', { CiphertextBlob: noContext.ciphertextBlob, EncryptionContext: '{}' })).body.Plaintext, b64('none'))
    for (const bad of ['[]', '{"a":1}', '{"a":["x"]}', 'not json', '"s"'])
      assert.equal((await failure(callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64('x'), EncryptionContext: bad }))).code, 'InvalidParameter')
  })

  it('refuses every single-bit flip and every truncation of a blob, never revealing the plaintext', async () => {
    for (const spec of ['Aliyun_AES_256', 'Aliyun_SM4']) {
      const keyId = await newKey(spec)
      const context = { tenant: 'x' }
      const blob = Buffer.from((await encrypt(keyId, 'top secret', context)).ciphertextBlob, 'base64')
      const idEnd = 36
      const expectRefusal = async (tampered: Buffer, where: number) => {
        const err = await decryptBlob(app.runtime, tampered, context).then(
          () => assert.fail(`tampered blob (byte ${where}) decrypted`),
          (e: unknown) => e,
        )
        assert.ok(isKmsError(err), String(err))
        const allowed = where < idEnd ? ['InvalidParameter', 'Forbidden.KeyNotFound'] : ['InvalidParameter']
        assert.ok(allowed.includes(err.code), `byte ${where}: ${err.code}`)
        assert.doesNotMatch(err.message, /top secret|dG9wIHNlY3JldA/)
      }
      for (let i = 0; i < blob.length * 8; i++) {
        const tampered = Buffer.from(blob)
        tampered[i >> 3] ^= 1 << (i & 7)
        await expectRefusal(tampered, i >> 3)
      }
      for (let n = 1; n < blob.length; n++) await expectRefusal(blob.subarray(0, n), n < idEnd ? 0 : n)
      await expectRefusal(Buffer.concat([blob, Buffer.from([0])]), blob.length)
      assert.equal((await decryptBlob(app.runtime, blob, context)).plaintext.toString(), b64('top secret'))
    }
    const keyId = await newKey('Aliyun_AES_256')
    const blob = Buffer.from((await encrypt(keyId, 'sdk')).ciphertextBlob, 'base64')
    for (const byte of [0, 1, 2, blob.length - 20, blob.length - 17, blob.length - 1]) {
      const tampered = Buffer.from(blob)
      tampered[byte] ^= 0x10
      const f = await failure(decrypt(tampered.toString('base64')))
      assert.equal(f.code, 'InvalidParameter', `byte ${byte}`)
      assert.equal(f.status, 400)
    }
    assert.equal((await failure(decrypt('not base64!'))).code, 'InvalidParameter')
  })

  it('Plaintext is an opaque string returned as sent (as Terraform relies on), up to 6144 bytes once base64-decoded', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const max = await encrypt(keyId, Buffer.alloc(6144, 1))
    assert.equal(Buffer.from((await decrypt(max.ciphertextBlob)).plaintext, 'base64').length, 6144)
    const f = await failure(encrypt(keyId, Buffer.alloc(6145, 1)))
    assert.equal(f.code, 'InvalidParameter')
    assert.match(f.message, /Plaintext/)
    assert.equal((await failure(callV3(ep, 'Encrypt', { KeyId: keyId }))).code, 'MissingParameter')
    for (const text of ['plaintext', 'näive 密钥 🔑 = & +', 'x'.repeat(8192)]) {
      const enc = await client.encrypt(new KMS.EncryptRequest({ keyId, plaintext: text }))
      assert.equal((await decrypt(enc.ciphertextBlob)).plaintext, text)
      const pop = await callV3(ep, 'Decrypt', { CiphertextBlob: enc.ciphertextBlob })
      assert.equal(pop.body.Plaintext, text)
    }
    assert.equal((await failure(client.encrypt(new KMS.EncryptRequest({ keyId, plaintext: 'x'.repeat(8193) })))).code, 'InvalidParameter')
  })

  it('Disabled, PendingDeletion and PendingImport keys refuse with 409 (DryRun too), and work again when enabled', async () => {
    const keyId = await newKey('Aliyun_SM4')
    const blob = (await encrypt(keyId, 'state')).ciphertextBlob
    await client.disableKey(new KMS.DisableKeyRequest({ keyId }))
    for (const attempt of [
      () => encrypt(keyId, 'x'),
      () => decrypt(blob),
      () => client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId })),
      () => callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: b64('x'), DryRun: 'true' }),
      () => callV3(ep, 'Decrypt', { CiphertextBlob: blob, DryRun: 'true' }),
    ]) {
      const f = await failure(attempt())
      assert.equal(f.code, 'Rejected.Disabled')
      assert.equal(f.status, 409)
    }
    await client.enableKey(new KMS.EnableKeyRequest({ keyId }))
    assert.equal((await decrypt(blob)).plaintext, b64('state'))
    await client.scheduleKeyDeletion(new KMS.ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }))
    assert.equal((await failure(decrypt(blob))).code, 'Rejected.PendingDeletion')
    const external = await newKey('Aliyun_AES_256', { Origin: 'EXTERNAL' })
    const f = await failure(encrypt(external, 'x'))
    assert.deepEqual([f.code, f.status], ['Rejected.PendingImport', 409])
  })

  it('an asymmetric key is refused with Rejected.UnsupportedOperation; unknown keys and aliases are 404', async () => {
    const ec = await newKey('EC_P256')
    for (const attempt of [() => encrypt(ec, 'x'), () => client.generateDataKey(new KMS.GenerateDataKeyRequest({ keyId: ec }))]) {
      const f = await failure(attempt())
      assert.deepEqual([f.code, f.status], ['Rejected.UnsupportedOperation', 400])
      assert.match(f.message, /symmetric/)
    }
    assert.deepEqual(codeAndStatus(await failure(encrypt('key-doesnotexist', 'x'))), ['Forbidden.KeyNotFound', 404])
    assert.equal((await failure(encrypt('alias/none', 'x'))).code, 'Forbidden.AliasNotFound')
    assert.equal((await failure(encrypt('acs:kms:cn-shanghai:1:key/x', 'x'))).code, 'Forbidden.KeyNotFound')
  })

  it('aliases and ARNs resolve to the real KeyId and follow UpdateAlias / DeleteAlias at once', async () => {
    const [k1, k2] = [await newKey('Aliyun_AES_256'), await newKey('Aliyun_AES_128')]
    await client.createAlias(new KMS.CreateAliasRequest({ aliasName: 'alias/crypto-test', keyId: k1 }))
    assert.equal((await encrypt('alias/crypto-test', 'a')).keyId, k1)
    const arn = `acs:kms:${app.config.region}:${app.config.accountId}:alias/crypto-test`
    assert.equal((await encrypt(arn, 'a')).keyId, k1)
    assert.equal((await encrypt(`acs:kms:${app.config.region}:${app.config.accountId}:key/${k2}`, 'a')).keyId, k2)
    await client.updateAlias(new KMS.UpdateAliasRequest({ aliasName: 'alias/crypto-test', keyId: k2 }))
    assert.equal((await encrypt('alias/crypto-test', 'a')).keyId, k2)
    await client.deleteAlias(new KMS.DeleteAliasRequest({ aliasName: 'alias/crypto-test' }))
    assert.equal((await failure(encrypt('alias/crypto-test', 'a'))).code, 'Forbidden.AliasNotFound')
  })

  it('after rotation new ciphertext uses the new primary version and old versions still decrypt', async () => {
    const keyId = await newKey('Aliyun_SM4')
    const old = await encrypt(keyId, 'before rotation')
    const key = await app.runtime.store.keys.get(keyId)
    assert.ok(key)
    const version = sealKeyVersion(app.runtime, keyId, await generateKeyMaterial('Aliyun_SM4'), app.runtime.clock.now())
    assert.equal(await commitKeyVersion(app.runtime, key, version, { primaryVersionId: version.keyVersionId }), true)
    const fresh = await encrypt(keyId, 'after rotation')
    assert.equal(fresh.keyVersionId, version.keyVersionId)
    assert.notEqual(fresh.keyVersionId, old.keyVersionId)
    const d = await decrypt(old.ciphertextBlob)
    assert.deepEqual([d.keyVersionId, Buffer.from(d.plaintext, 'base64').toString()], [old.keyVersionId, 'before rotation'])
    assert.equal((await decrypt(fresh.ciphertextBlob)).keyVersionId, version.keyVersionId)
  })

  it('a blob whose key version no longer exists is Forbidden.KeyNotFound', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const blob = (await encrypt(keyId, 'gone')).ciphertextBlob
    assert.equal(await app.runtime.store.keys.destroy(keyId), true)
    await app.runtime.store.notify('key', keyId)
    assert.deepEqual(codeAndStatus(await failure(decrypt(blob))), ['Forbidden.KeyNotFound', 404])
    const forged = encodeCiphertextBlob({
      keyVersionId: '00000000-0000-4000-8000-000000000000',
      algorithm: 'AES_GCM',
      iv: Buffer.alloc(12),
      ciphertext: Buffer.from('x'),
      tag: Buffer.alloc(16),
    })
    assert.equal((await failure(decrypt(forged.toString('base64')))).code, 'Forbidden.KeyNotFound')
  })

  it('after warm-up Encrypt, Decrypt, GenerateDataKey and AsymmetricSign read nothing from the store', async () => {
    const keyId = await newKey('Aliyun_AES_256')
    const ecKey = await newKey('EC_P256')
    const ecVersion = ((await callV3(ep, 'ListKeyVersions', { KeyId: ecKey })).body.KeyVersions as { KeyVersion: Array<{ KeyVersionId: string }> })
      .KeyVersion[0]?.KeyVersionId as string
    await call('CreateAlias', { AliasName: 'alias/hot', KeyId: keyId })
    const arn = `acs:kms:${app.config.region}:${app.config.accountId}:key/${keyId}`
    const workload = async () => {
      for (const ref of [keyId, 'alias/hot', arn]) {
        const enc = (await call('Encrypt', { KeyId: ref, Plaintext: b64('hot'), EncryptionContext: '{"k":"v"}' })) as Record<string, string>
        const dec = await call('Decrypt', { CiphertextBlob: enc.CiphertextBlob as string, EncryptionContext: '{"k":"v"}' })
        assert.equal(dec.Plaintext, b64('hot'))
        await call('GenerateDataKey', { KeyId: ref })
      }
      await call('AsymmetricSign', { KeyId: ecKey, KeyVersionId: ecVersion, Algorithm: 'ECDSA_SHA_256', Digest: b64(Buffer.alloc(32, 1)) })
    }
    await workload()
    const reads = countStoreCalls(app.runtime.store as unknown as Record<string, unknown>)
    try {
      for (let i = 0; i < 5; i++) await workload()
      assert.deepEqual([...reads.calls], [])
      app.runtime.keyCache.clear()
      await workload()
      assert.ok(reads.calls.includes('keys.get') && reads.calls.includes('keyVersions.get'), 'the counter sees cold reads')
    } finally {
      reads.restore()
    }
    await call('DisableKey', { KeyId: keyId })
    await assert.rejects(call('Encrypt', { KeyId: 'alias/hot', Plaintext: b64('x') }), { code: 'Rejected.Disabled' })
    await call('EnableKey', { KeyId: keyId })
    await assert.rejects(call('Encrypt', { KeyId: 'alias/later', Plaintext: b64('x') }), { code: 'Forbidden.AliasNotFound' })
    await app.runtime.store.aliases.insert({ aliasName: 'alias/later', keyId, createdAt: 0, updatedAt: 0 })
    assert.equal((await call('Encrypt', { KeyId: 'alias/later', Plaintext: b64('x') })).KeyId, keyId)
  })
})

/** Wraps every method of the key, version and alias repositories (and `tx`) with a call log. */
function countStoreCalls(store: Record<string, unknown>): { calls: string[]; restore(): void } {
  const calls: string[] = []
  const undo: Array<() => void> = []
  const wrap = (owner: Record<string, unknown>, name: string, label: string) => {
    const original = owner[name] as (...a: unknown[]) => unknown
    owner[name] = (...args: unknown[]) => {
      calls.push(label)
      return original.apply(owner, args)
    }
    undo.push(() => {
      owner[name] = original
    })
  }
  for (const repo of ['keys', 'keyVersions', 'aliases']) {
    const r = store[repo] as Record<string, unknown>
    for (const m of Object.getOwnPropertyNames(Object.getPrototypeOf(r)).filter((n) => n !== 'constructor')) wrap(r, m, `${repo}.${m}`)
  }
  wrap(store, 'tx', 'tx')
  return { calls, restore: () => undo.reverse().forEach((f) => f()) }
}
