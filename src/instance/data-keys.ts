/**
 * Data keys and data key pairs of the instance API (spec/kms-instance-api.md §2 "Semantics"), and the Advance*
 * sealing: the key's primary (current, rotated) version and Alibaba's self-describing '$' blob
 * (domain/ciphertext-blob.ts), so AdvanceDecrypt needs nothing but the blob and its Aad.
 */
import { createPrivateKey } from 'node:crypto'
import type { KeyRecord } from '../store/store.js'
import type { Runtime } from '../services/context.js'
import { KmsErrors } from '../domain/errors.js'
import { ASYMMETRIC_SPECS, type AsymmetricSpec } from '../domain/key-spec.js'
import { DATA_KEY_BYTES } from '../domain/data-key.js'
import { encodeAdvanceCiphertextBlob } from '../domain/ciphertext-blob.js'
import { gcmEncrypt } from '../crypto/symmetric.js'
import { publicKeyPem } from '../crypto/keygen.js'
import { materialOf } from '../services/crypto/crypto-keys.js'
import { sealTarget } from '../services/crypto/symmetric.js'
import { symmetricAlgorithm } from './gcm.js'

const DEFAULT_DATA_KEY_BYTES = 32
const DEFAULT_KEY_PAIR_SPEC: AsymmetricSpec = 'RSA_2048'
export const KEY_FORMATS = ['PEM', 'DER'] as const
export type KeyFormat = (typeof KEY_FORMATS)[number]

/** NumberOfBytes: 1 to 1024; proto3 cannot tell 0 from absent, so 0 means the default 32 (AES-256). */
export function dataKeyBytes(requested: number): number {
  const n = requested === 0 ? DEFAULT_DATA_KEY_BYTES : requested
  if (n < DATA_KEY_BYTES.min || n > DATA_KEY_BYTES.max) {
    throw KmsErrors.invalidParameter('NumberOfBytes', `It must be ${DATA_KEY_BYTES.min} to ${DATA_KEY_BYTES.max}.`)
  }
  return n
}

/** KeyPairSpec: any asymmetric key spec openkms has; empty means RSA_2048. */
export function keyPairSpec(requested: string): AsymmetricSpec {
  const spec = (requested || DEFAULT_KEY_PAIR_SPEC) as AsymmetricSpec
  if (!ASYMMETRIC_SPECS.includes(spec)) throw KmsErrors.invalidParameter('KeyPairSpec', `Valid values: ${ASYMMETRIC_SPECS.join(', ')}.`)
  return spec
}

/** KeyFormat: PEM (default) or DER. */
export function keyFormat(requested: string): KeyFormat {
  const format = (requested || 'PEM') as KeyFormat
  if (!KEY_FORMATS.includes(format)) throw KmsErrors.invalidParameter('KeyFormat', 'It must be PEM or DER.')
  return format
}

/**
 * A fresh key pair in `format`: the private key as PKCS#8 (PEM `PRIVATE KEY` text, or DER) and the public key as
 * SubjectPublicKeyInfo (PEM `PUBLIC KEY` text, or DER). RSA pairs come from the key pool.
 */
export async function newDataKeyPair(rt: Pick<Runtime, 'keyPool'>, spec: AsymmetricSpec, format: KeyFormat) {
  const pair = await rt.keyPool.take(spec)
  const spki = pair.publicKey as Buffer
  if (format === 'DER') return { privateKey: pair.material, publicKey: spki }
  const pem = createPrivateKey({ key: pair.material, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' })
  pair.material.fill(0)
  return { privateKey: Buffer.from(pem), publicKey: Buffer.from(publicKeyPem(spki)) }
}

/**
 * The cipher of the '$' layout: only AES-GCM has an algorithm code there, so SM4 keys are refused; Alibaba offers
 * Advance* on software instances only, which have no SM4 keys.
 */
export function advanceAlgorithm(key: KeyRecord, requested: string, api: string): 'AES_GCM' {
  const alg = symmetricAlgorithm(key, requested, api)
  if (alg !== 'AES_GCM') throw KmsErrors.unsupportedOperation(`${api} writes AES_GCM ciphertexts only; ${key.keyId} is ${key.keySpec}. Use Encrypt.`)
  return alg
}

/** Seals under the key's primary version in the '$' layout. */
export async function sealAdvance(
  rt: Pick<Runtime, 'keyCache' | 'clock' | 'cryptoPool'>,
  key: KeyRecord,
  input: { algorithm: string; iv: Buffer; plaintext: Buffer; aad: Buffer; api: string },
): Promise<{ blob: Buffer; keyVersionId: string }> {
  const alg = advanceAlgorithm(key, input.algorithm, input.api)
  const target = await sealTarget(rt, key.keyId, input.api)
  const { ciphertext, tag } = gcmEncrypt(alg, materialOf(target.version), input.iv, input.plaintext, input.aad)
  const keyVersionId = target.version.keyVersionId
  return { blob: encodeAdvanceCiphertextBlob({ keyVersionId, iv: input.iv, ciphertext, tag }), keyVersionId }
}
