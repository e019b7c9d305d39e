import assert from 'node:assert/strict'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CryptoError } from '../crypto/crypto-error.js'
import { gcmDecrypt, gcmEncrypt, type GcmAlgorithm } from '../crypto/symmetric.js'
import {
  OPENKMS_BLOB_MAGIC,
  encodeAdvanceCiphertextBlob,
  encodeCiphertextBlob,
  encryptionContextAad,
  encryptionContextAadCandidates,
  parseCiphertextBlob,
  resolveBlobAlgorithm,
  type ParsedBlob,
} from './ciphertext-blob.js'
import { KmsError } from './errors.js'

const isInvalid = (param: string) => (e: unknown) =>
  e instanceof KmsError && e.code === 'InvalidParameter' && e.message.includes(`"${param}"`)

function seal(alg: GcmAlgorithm, key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(12)
  return { iv, ...gcmEncrypt(alg, key, iv, plaintext, aad) }
}

function open(p: ParsedBlob, key: Buffer, aad: Buffer): Buffer {
  return gcmDecrypt(p.algorithm, key, p.iv, p.ciphertext, p.tag, aad)
}

/** What the Go/Java combined SDK computes (kms_transfer_handler.go EncodeUserEncryptionContext), written out by hand. */
function sdkAad(ctx: Record<string, string>): Buffer {
  const joined = Object.keys(ctx).sort().map((k) => `${k}=${ctx[k]}`).join('&')
  return createHash('sha256').update(joined, 'utf8').digest()
}

describe('openkms-v1 blobs', () => {
  it('lay out magic, version, algorithm, id, iv, ciphertext and tag, and parse back', () => {
    for (const algorithm of ['AES_GCM', 'SM4_GCM'] as const) {
      const keyVersionId = randomUUID()
      const parts = { keyVersionId, algorithm, iv: randomBytes(12), ciphertext: randomBytes(40), tag: randomBytes(16) }
      const blob = encodeCiphertextBlob(parts)
      assert.equal(blob[0], OPENKMS_BLOB_MAGIC)
      assert.equal(blob[1], 1)
      assert.equal(blob[2], algorithm === 'AES_GCM' ? 0x02 : 0x12)
      assert.equal(blob[3], 36)
      assert.equal(blob.subarray(4, 40).toString('ascii'), keyVersionId)
      assert.equal(blob.length, 4 + 36 + 12 + 40 + 16)
      assert.deepEqual(parseCiphertextBlob(blob), { format: 'openkms-v1', ...parts })
    }
  })

  it('decrypt with the context in any key order; another context fails authentication', () => {
    const key = randomBytes(32)
    const ctx = { tenant: 'acme', purpose: 'backup', 'ключ': 'значение' }
    const sealed = seal('AES_GCM', key, Buffer.from('data key'), encryptionContextAad(ctx, 'openkms-v1'))
    const blob = encodeCiphertextBlob({ keyVersionId: randomUUID(), algorithm: 'AES_GCM', ...sealed })
    const parsed = parseCiphertextBlob(blob)
    const reordered = { 'ключ': 'значение', purpose: 'backup', tenant: 'acme' }
    assert.deepEqual(open(parsed, key, encryptionContextAad(reordered, parsed.format)), Buffer.from('data key'))
    const wrongs: (Record<string, string> | undefined)[] = [undefined, {}, { tenant: 'acme', purpose: 'backup' }, { ...ctx, tenant: 'acme ' }]
    for (const wrong of wrongs) {
      assert.throws(() => open(parsed, key, encryptionContextAad(wrong, parsed.format)), (e: unknown) => e instanceof CryptoError && e.reason === 'auth')
    }
  })

  it('encodes contexts injectively, unlike a k=v&k=v join', () => {
    const pairs: [Record<string, string>, Record<string, string>][] = [
      [{ a: 'b&c=d' }, { a: 'b', c: 'd' }],
      [{ 'a=b': 'c' }, { a: 'b=c' }],
    ]
    for (const [x, y] of pairs) {
      assert.notDeepEqual(encryptionContextAad(x, 'openkms-v1'), encryptionContextAad(y, 'openkms-v1'))
      assert.deepEqual(encryptionContextAad(x, 'aliyun-shared'), encryptionContextAad(y, 'aliyun-shared'))
    }
    assert.deepEqual(encryptionContextAad(undefined, 'openkms-v1'), Buffer.alloc(0))
    assert.deepEqual(encryptionContextAad({}, 'openkms-v1'), Buffer.alloc(0))
    assert.deepEqual(
      encryptionContextAad({ k: 'v' }, 'openkms-v1'),
      Buffer.concat([Buffer.from('openkms-ec-v1\0'), Buffer.from('00000001000000016b0000000176', 'hex')]),
    )
  })

  it('sorts keys by UTF-8 bytes, so the order does not depend on UTF-16 quirks', () => {
    const a = { '\u{1F600}': '1', '\uFF21': '2' }
    const b = { '\uFF21': '2', '\u{1F600}': '1' }
    assert.deepEqual(encryptionContextAad(a, 'openkms-v1'), encryptionContextAad(b, 'openkms-v1'))
  })

  it('rejects contexts that are not objects of well-formed strings', () => {
    assert.throws(() => encryptionContextAad({ a: 1 } as unknown as Record<string, string>, 'openkms-v1'), isInvalid('EncryptionContext'))
    assert.throws(() => encryptionContextAad(['x'] as unknown as Record<string, string>, 'openkms-v1'), isInvalid('EncryptionContext'))
    assert.throws(() => encryptionContextAad({ a: '\uD800' }, 'openkms-v1'), isInvalid('EncryptionContext'))
    assert.throws(() => encryptionContextAad({ '\uDC00x': 'v' }, 'aliyun-shared'), isInvalid('EncryptionContext'))
  })

  it('refuses to encode out-of-range parts', () => {
    const ok = { keyVersionId: 'v1', algorithm: 'AES_GCM' as const, iv: Buffer.alloc(12), ciphertext: Buffer.alloc(1), tag: Buffer.alloc(16) }
    assert.throws(() => encodeCiphertextBlob({ ...ok, iv: Buffer.alloc(16) }), RangeError)
    assert.throws(() => encodeCiphertextBlob({ ...ok, tag: Buffer.alloc(12) }), RangeError)
    assert.throws(() => encodeCiphertextBlob({ ...ok, keyVersionId: '' }), RangeError)
    assert.throws(() => encodeCiphertextBlob({ ...ok, keyVersionId: 'x'.repeat(256) }), RangeError)
    assert.throws(() => encodeCiphertextBlob({ ...ok, keyVersionId: 'ü' }), RangeError)
    assert.throws(() => encodeCiphertextBlob({ ...ok, algorithm: 'AES_CBC' as GcmAlgorithm }), RangeError)
  })
})

describe('blobs built by Alibaba’s combined SDKs from instance-API results', () => {
  const key = randomBytes(32)
  const keyVersionId = randomUUID()
  const ctx = { order: '42', app: 'billing' }
  const plaintext = Buffer.from('hello instance API')
  const sealed = seal('AES_GCM', key, plaintext, sdkAad(ctx))
  /** Encrypt handler: keyVersionId (x-kms-migrationkeyversionid) ‖ Iv ‖ CiphertextBlob (ciphertext‖tag). */
  const shared = Buffer.concat([Buffer.from(keyVersionId), sealed.iv, sealed.ciphertext, sealed.tag])
  /** AdvanceEncrypt CiphertextBlob: '$' ‖ cipherVer<<4|padding ‖ AES_GCM(2) ‖ the same. */
  const advance = Buffer.concat([Buffer.from([0x24, 0x00, 0x02]), shared])

  it('parses the shared-KMS form and decrypts it with the SDK’s context digest', () => {
    const p = parseCiphertextBlob(shared)
    assert.equal(p.format, 'aliyun-shared')
    assert.equal(p.keyVersionId, keyVersionId)
    assert.equal(p.algorithmImplied, true)
    assert.equal(resolveBlobAlgorithm(p, 'Aliyun_AES_256'), 'AES_GCM')
    assert.equal(resolveBlobAlgorithm(p, 'Aliyun_SM4'), 'SM4_GCM')
    assert.deepEqual(encryptionContextAad({ app: 'billing', order: '42' }, p.format), sdkAad(ctx))
    assert.deepEqual(open(p, key, encryptionContextAad(ctx, p.format)), plaintext)
  })

  it('parses the Advance form, which is the shared form behind a 3-byte header', () => {
    const p = parseCiphertextBlob(advance)
    assert.equal(p.format, 'aliyun-advance')
    assert.equal(p.algorithm, 'AES_GCM')
    assert.deepEqual(open(p, key, encryptionContextAad(ctx, p.format)), plaintext)
    assert.deepEqual(encodeAdvanceCiphertextBlob({ keyVersionId, ...sealed }), advance)
    const { format: _f, algorithmImplied: _i, ...fromShared } = parseCiphertextBlob(advance.subarray(3))
    const { format: _g, ...fromAdvance } = p
    assert.deepEqual(fromShared, fromAdvance)
  })

  it('rejects Advance blobs with another cipher version, padding or algorithm', () => {
    for (const header of [[0x24, 0x10, 0x02], [0x24, 0x01, 0x02], [0x24, 0x00, 0x03]]) {
      assert.throws(() => parseCiphertextBlob(Buffer.concat([Buffer.from(header), shared])), isInvalid('CiphertextBlob'))
    }
  })

  it('offers every AAD an Alibaba SDK may have used', () => {
    const raw = '{"order":"42","app":"billing"}'
    const c = encryptionContextAadCandidates(ctx, 'aliyun-shared', raw)
    assert.deepEqual(c, [sdkAad(ctx), Buffer.from(sdkAad(ctx).toString('hex')), Buffer.from(raw)])
    assert.deepEqual(encryptionContextAadCandidates(undefined, 'aliyun-shared'), [Buffer.alloc(0)])
    assert.deepEqual(encryptionContextAadCandidates({}, 'aliyun-advance'), [
      Buffer.alloc(0),
      createHash('sha256').digest(),
      Buffer.from(createHash('sha256').digest('hex')),
    ])
    assert.deepEqual(encryptionContextAadCandidates(ctx, 'openkms-v1', raw), [encryptionContextAad(ctx, 'openkms-v1')])
    assert.deepEqual(encryptionContextAad(undefined, 'aliyun-shared'), Buffer.alloc(0))
    assert.deepEqual(encryptionContextAad({}, 'aliyun-shared'), createHash('sha256').digest())
  })
})

describe('hostile and tampered blobs', () => {
  it('never throws anything but InvalidParameter(CiphertextBlob), whatever the bytes', () => {
    const prefixes = [[], [OPENKMS_BLOB_MAGIC], [OPENKMS_BLOB_MAGIC, 1], [OPENKMS_BLOB_MAGIC, 1, 2], [0x24], [0x24, 0, 2], [...Buffer.from(randomUUID())]]
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 120 }), (prefix, rest) => {
        try {
          const p = parseCiphertextBlob(Buffer.from([...prefix, ...rest]))
          assert.equal(p.iv.length, 12)
          assert.equal(p.tag.length, 16)
        } catch (e) {
          assert.ok(isInvalid('CiphertextBlob')(e), String(e))
        }
      }),
      { numRuns: 3000 },
    )
    assert.throws(() => parseCiphertextBlob(Buffer.alloc(0)), isInvalid('CiphertextBlob'))
    assert.throws(() => parseCiphertextBlob('abc' as unknown as Buffer), isInvalid('CiphertextBlob'))
  })

  it('names unknown format versions and algorithm codes', () => {
    const blob = encodeCiphertextBlob({ keyVersionId: 'kv', algorithm: 'AES_GCM', iv: Buffer.alloc(12), ciphertext: Buffer.alloc(3), tag: Buffer.alloc(16) })
    const v2 = Buffer.from(blob)
    v2[1] = 2
    assert.throws(() => parseCiphertextBlob(v2), (e: unknown) => isInvalid('CiphertextBlob')(e) && /version 2/.test((e as Error).message))
    const alg = Buffer.from(blob)
    alg[2] = 0x07
    assert.throws(() => parseCiphertextBlob(alg), (e: unknown) => isInvalid('CiphertextBlob')(e) && /algorithm code 7/.test((e as Error).message))
  })

  it('detects every single-byte change and every truncation', () => {
    const key = randomBytes(16)
    const ctx = { a: 'b' }
    const keyVersionId = randomUUID()
    const sealed = seal('SM4_GCM', key, Buffer.from('sixteen byte msg'), encryptionContextAad(ctx, 'openkms-v1'))
    const blob = encodeCiphertextBlob({ keyVersionId, algorithm: 'SM4_GCM', ...sealed })
    const detected = (b: Buffer): boolean => {
      let p: ParsedBlob
      try {
        p = parseCiphertextBlob(b)
      } catch (e) {
        assert.ok(isInvalid('CiphertextBlob')(e))
        return true
      }
      if (p.keyVersionId !== keyVersionId || p.algorithm !== 'SM4_GCM') return true
      try {
        open(p, key, encryptionContextAad(ctx, p.format))
        return false
      } catch (e) {
        assert.ok(e instanceof CryptoError)
        return true
      }
    }
    for (let i = 0; i < blob.length; i++) {
      const t = Buffer.from(blob)
      t[i] ^= 0x01
      assert.ok(detected(t), `flip at byte ${i}`)
      assert.ok(detected(blob.subarray(0, i)), `truncated to ${i}`)
    }
    assert.ok(!detected(blob))
  })

  it('refuses a self-describing algorithm that does not match the key spec', () => {
    const p = parseCiphertextBlob(encodeCiphertextBlob({ keyVersionId: 'kv', algorithm: 'SM4_GCM', iv: Buffer.alloc(12), ciphertext: Buffer.alloc(0), tag: Buffer.alloc(16) }))
    assert.equal(resolveBlobAlgorithm(p, 'Aliyun_SM4'), 'SM4_GCM')
    assert.throws(() => resolveBlobAlgorithm(p, 'Aliyun_AES_256'), isInvalid('CiphertextBlob'))
    assert.throws(() => resolveBlobAlgorithm(p, 'RSA_2048'), isInvalid('CiphertextBlob'))
  })
})
