/**
 * ReEncrypt (spec §4.9, §6.5): decrypts a ciphertext and encrypts its plaintext under a destination symmetric key
 * without returning it. The source is either a symmetric CiphertextBlob (its key version is in the blob) or data
 * encrypted to an asymmetric public key (SourceKeyId + SourceKeyVersionId + SourceEncryptionAlgorithm).
 */
import { KmsErrors } from '../../domain/errors.js'
import { isSymmetric } from '../../domain/key-spec.js'
import { sealedTextOf } from '../../domain/symmetric-plaintext.js'
import type { AsymmetricEncryptionAlgorithm } from '../../crypto/asymmetric.js'
import { asymmetricTarget, checkEncryptionAlgorithm, decryptAt, type AsymmetricTarget } from './asymmetric.js'
import { cryptoKey, stopIfDryRun, type CryptoRuntime } from './crypto-keys.js'
import { open, openSource, seal, sealTarget, type EncryptionContext, type OpenSource, type Sealed } from './symmetric.js'

export interface ReEncryptRequest {
  blob: Buffer
  destinationKeyRef: string
  destinationContext: EncryptionContext
  sourceContext: EncryptionContext
  sourceKeyRef?: string
  sourceKeyVersionId?: string
  sourceAlgorithm?: AsymmetricEncryptionAlgorithm
  dryRun?: boolean
}

type Source = { kind: 'symmetric'; source: OpenSource } | { kind: 'asymmetric'; target: AsymmetricTarget; alg: AsymmetricEncryptionAlgorithm }

async function locateSource(rt: CryptoRuntime, r: ReEncryptRequest): Promise<Source> {
  if (r.sourceKeyRef === undefined) {
    if (r.sourceKeyVersionId !== undefined || r.sourceAlgorithm !== undefined) throw KmsErrors.missingParameter('SourceKeyId')
    return { kind: 'symmetric', source: await openSource(rt, r.blob, 'ReEncrypt') }
  }
  const key = await cryptoKey(rt, r.sourceKeyRef)
  if (isSymmetric(key.keySpec)) {
    if (r.sourceAlgorithm !== undefined)
      throw KmsErrors.invalidParameter('SourceEncryptionAlgorithm', 'It applies only to an asymmetric SourceKeyId.')
    const source = await openSource(rt, r.blob, 'ReEncrypt')
    if (source.key.keyId !== key.keyId)
      throw KmsErrors.invalidParameter('SourceKeyId', 'CiphertextBlob was not encrypted under this key.')
    return { kind: 'symmetric', source }
  }
  if (r.sourceKeyVersionId === undefined) throw KmsErrors.missingParameter('SourceKeyVersionId')
  if (r.sourceAlgorithm === undefined) throw KmsErrors.missingParameter('SourceEncryptionAlgorithm')
  const target = await asymmetricTarget(
    rt,
    { keyRef: r.sourceKeyRef, keyVersionId: r.sourceKeyVersionId, action: 'ReEncrypt' },
    'ENCRYPT/DECRYPT',
  )
  checkEncryptionAlgorithm(target.key, r.sourceAlgorithm, 'SourceEncryptionAlgorithm')
  return { kind: 'asymmetric', target, alg: r.sourceAlgorithm }
}

/** Returns the new blob with the destination key and version (spec §6.5: the response names the destination). */
export async function reEncrypt(rt: CryptoRuntime, r: ReEncryptRequest): Promise<Sealed> {
  const source = await locateSource(rt, r)
  const destination = await sealTarget(rt, r.destinationKeyRef, 'ReEncrypt')
  stopIfDryRun(r.dryRun)
  // Raw bytes from an asymmetric source are sealed as base64 text, like a GenerateDataKey blob (docs/behaviour.md).
  const plaintext =
    source.kind === 'symmetric' ? open(source.source, r.sourceContext) : sealedTextOf(await decryptAt(rt, source.target, source.alg, r.blob))
  try {
    return { keyId: destination.key.keyId, keyVersionId: destination.version.keyVersionId, blob: seal(destination, plaintext, r.destinationContext) }
  } finally {
    plaintext.fill(0)
  }
}
