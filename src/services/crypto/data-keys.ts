/**
 * Data keys (spec §4.9): GenerateDataKey* make a random key and return it sealed under a symmetric key;
 * ExportDataKey / GenerateAndExportDataKey additionally encrypt the plain data key to a caller's public key
 * (`PublicKeyBlob`, SPKI DER) so that it never travels in the clear.
 */
import { KmsErrors } from '../../domain/errors.js'
import { rawFromSealedText, sealedTextOf } from '../../domain/symmetric-plaintext.js'
import { wrappingAlgorithmsFor, type WrappingAlgorithm, type WrappingKeySpec } from '../../domain/data-key.js'
import { asymmetricEncrypt, maxPlaintextBytes } from '../../crypto/asymmetric.js'
import { assertPublicKeyOfSpec } from '../../crypto/public-key.js'
import { isCryptoError } from '../../crypto/crypto-error.js'
import { randomBytesAsync } from '../../crypto/random.js'
import { stopIfDryRun, type CryptoRuntime } from './crypto-keys.js'
import { open, openSource, seal, sealTarget, type EncryptionContext, type Sealed } from './symmetric.js'

export interface GeneratedDataKey extends Sealed {
  plaintext: Buffer
}

/** A checked export target: the algorithm fits the spec and the public key is of that spec. */
export interface ExportWrapping {
  spec: WrappingKeySpec
  algorithm: WrappingAlgorithm
  publicKey: Buffer
}

/**
 * GenerateDataKey*: `length` random bytes; the blob holds their base64 text, so Decrypt returns exactly the
 * `Plaintext` GenerateDataKey gives (docs/behaviour.md). The raw key is returned for the response and for export.
 */
export async function generateDataKey(
  rt: CryptoRuntime,
  ref: string,
  length: number,
  context: EncryptionContext,
  opts: { dryRun?: boolean; action: string; exportTo?: ExportWrapping },
): Promise<GeneratedDataKey> {
  const target = await sealTarget(rt, ref, opts.action)
  if (opts.exportTo) checkExportable(opts.exportTo, length, 'NumberOfBytes')
  stopIfDryRun(opts.dryRun)
  const plaintext = await randomBytesAsync(length)
  const text = sealedTextOf(plaintext)
  try {
    return { keyId: target.key.keyId, keyVersionId: target.version.keyVersionId, blob: seal(target, text, context), plaintext }
  } finally {
    text.fill(0)
  }
}

/**
 * Validates WrappingKeySpec × WrappingAlgorithm × PublicKeyBlob: an algorithm of another spec is InvalidParameter
 * naming WrappingAlgorithm; a public key that is not a valid key of the spec names PublicKeyBlob.
 */
export function exportWrapping(spec: WrappingKeySpec, algorithm: WrappingAlgorithm, publicKey: Buffer): ExportWrapping {
  const allowed = wrappingAlgorithmsFor(spec)
  if (!allowed.includes(algorithm))
    throw KmsErrors.invalidParameter('WrappingAlgorithm', `${spec} wrapping keys take ${allowed.join(' or ')}.`)
  try {
    assertPublicKeyOfSpec(spec, publicKey)
  } catch (e) {
    if (isCryptoError(e)) throw KmsErrors.invalidParameter('PublicKeyBlob', `It must be a ${spec} public key (SubjectPublicKeyInfo DER, base64).`)
    throw e
  }
  return { spec, algorithm, publicKey }
}

/** RSA-OAEP bounds what a 2048-bit key can carry (190 bytes with SHA-256); `param` is named when it is exceeded. */
function checkExportable(w: ExportWrapping, length: number, param: string): void {
  const max = maxPlaintextBytes(w.spec, w.algorithm)
  if (length > max) throw KmsErrors.invalidParameter(param, `${w.algorithm} on ${w.spec} can export data keys of at most ${max} bytes.`)
}

/** Encrypts a data key to the caller's public key. */
export async function wrapDataKey(rt: Pick<CryptoRuntime, 'cryptoPool'>, w: ExportWrapping, dataKey: Buffer): Promise<Buffer> {
  return asymmetricEncrypt(w.spec, w.publicKey, w.algorithm, dataKey, rt.cryptoPool)
}

/**
 * ExportDataKey: decrypts a data key blob and encrypts the raw data key to the caller's public key. A blob that
 * holds no base64 text (not a data key) is InvalidParameter naming CiphertextBlob.
 */
export async function exportDataKey(
  rt: CryptoRuntime,
  blob: Buffer,
  context: EncryptionContext,
  w: ExportWrapping,
  opts: { dryRun?: boolean },
): Promise<{ keyId: string; keyVersionId: string; exported: Buffer }> {
  const source = await openSource(rt, blob, 'ExportDataKey')
  stopIfDryRun(opts.dryRun)
  const sealed = open(source, context)
  const dataKey = rawFromSealedText(sealed)
  sealed.fill(0)
  if (!dataKey) throw KmsErrors.invalidParameter('CiphertextBlob', 'It does not hold a data key from GenerateDataKey*.')
  try {
    checkExportable(w, dataKey.length, 'CiphertextBlob')
    return { keyId: source.key.keyId, keyVersionId: source.version.keyVersionId, exported: await wrapDataKey(rt, w, dataKey) }
  } finally {
    dataKey.fill(0)
  }
}
