/**
 * What the HTTP scenarios need on the server under test, created through the API itself: a symmetric key
 * and a ciphertext of 32 bytes, one signing key per benchmarked spec with its version id, a secret.
 * Each piece exists only when the actions it needs are registered.
 */
import { randomBytes } from 'node:crypto'
import { findAction } from '../src/actions/index.js'
import { callOk, type Credentials } from '../test/support/signed-request.js'

export const SIGN_SPECS = { RSA_2048: 'RSA_PSS_SHA_256', EC_P256: 'ECDSA_SHA_256', EC_SM2: 'SM2DSA' } as const
export type SignSpec = keyof typeof SIGN_SPECS

export interface BenchFixtures {
  /** Base64 of the 32 random bytes every symmetric scenario encrypts. */
  plaintext: string
  aesKeyId: string
  /** Ciphertext of `plaintext` (Decrypt scenario). */
  ciphertextBlob?: string
  /** Size of a real Encrypt response body; the bare-HTTP baseline answers this many bytes. */
  encryptResponseBytes?: number
  signKeys: Partial<Record<SignSpec, { keyId: string; keyVersionId: string }>>
  /** Base64 of a SHA-256 digest to sign. */
  digest: string
  secretName?: string
}

export const has = (...actions: string[]) => actions.every((a) => findAction(a) !== undefined)

/** Creates the fixtures on the server at `host`. */
export async function createBenchFixtures(host: string, creds: Credentials): Promise<BenchFixtures> {
  const plaintext = randomBytes(32).toString('base64')
  const created = await callOk(host, creds, 'CreateKey', { KeySpec: 'Aliyun_AES_256', Description: 'bench' })
  const aesKeyId = String((created.KeyMetadata as Record<string, unknown>).KeyId)
  const fx: BenchFixtures = { plaintext, aesKeyId, signKeys: {}, digest: randomBytes(32).toString('base64') }
  if (has('Encrypt')) {
    const enc = await callOk(host, creds, 'Encrypt', { KeyId: aesKeyId, Plaintext: plaintext }, { style: 'v1' })
    fx.ciphertextBlob = String(enc.CiphertextBlob)
    fx.encryptResponseBytes = Buffer.byteLength(JSON.stringify(enc))
  }
  if (has('AsymmetricSign', 'ListKeyVersions')) {
    for (const spec of Object.keys(SIGN_SPECS) as SignSpec[]) {
      const key = await callOk(host, creds, 'CreateKey', { KeySpec: spec, KeyUsage: 'SIGN/VERIFY', Description: 'bench' })
      const keyId = String((key.KeyMetadata as Record<string, unknown>).KeyId)
      const versions = await callOk(host, creds, 'ListKeyVersions', { KeyId: keyId })
      const first = ((versions.KeyVersions as { KeyVersion: Array<{ KeyVersionId: string }> }).KeyVersion[0]) as { KeyVersionId: string }
      fx.signKeys[spec] = { keyId, keyVersionId: first.KeyVersionId }
    }
  }
  if (has('CreateSecret', 'GetSecretValue')) {
    fx.secretName = 'bench-secret'
    await callOk(host, creds, 'CreateSecret', { SecretName: fx.secretName, SecretData: randomBytes(24).toString('base64'), VersionId: 'v1' })
  }
  return fx
}
