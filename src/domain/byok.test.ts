import assert from 'node:assert/strict'
import { it } from 'node:test'
import { importMaterialLength, materialExpiry, requireWrappingPair } from './byok.js'
import { KmsError } from './errors.js'

const invalid = (param: string) => (e: unknown) => e instanceof KmsError && e.code === 'InvalidParameter' && e.message.includes(`"${param}"`)

it('KeyMaterialExpireUnix: 0 or absent is never; the expiry must be after now', () => {
  const now = 1_800_000_000_500
  assert.equal(materialExpiry(undefined, now), null)
  assert.equal(materialExpiry(0, now), null)
  assert.equal(materialExpiry(1_800_000_001, now), 1_800_000_001_000)
  assert.throws(() => materialExpiry(1_800_000_000, now), invalid('KeyMaterialExpireUnix'))
  assert.throws(() => materialExpiry(1, now), invalid('KeyMaterialExpireUnix'))
})

it('wrapping pairs: RSA algorithms with RSA_2048 only; SM2PKE and EC_SM2 are refused', () => {
  for (const alg of ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'] as const) assert.equal(requireWrappingPair(alg, 'RSA_2048'), alg)
  assert.throws(() => requireWrappingPair('SM2PKE', 'EC_SM2'), invalid('WrappingAlgorithm'))
  assert.throws(() => requireWrappingPair('SM2PKE', 'RSA_2048'), invalid('WrappingAlgorithm'))
  assert.throws(() => requireWrappingPair('RSAES_OAEP_SHA_256', 'EC_SM2'), invalid('WrappingKeySpec'))
})

it('material sizes follow the symmetric key spec; asymmetric specs import nothing', () => {
  assert.deepEqual(
    (['Aliyun_AES_256', 'Aliyun_AES_192', 'Aliyun_AES_128', 'Aliyun_SM4', 'RSA_2048'] as const).map(importMaterialLength),
    [32, 24, 16, 16, undefined],
  )
})
