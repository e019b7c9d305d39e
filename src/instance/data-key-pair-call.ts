/**
 * The four GenerateDataKeyPair* calls share one flow (spec/kms-instance-api.md §2 "GenerateDataKeyPair*"): a fresh
 * key pair whose private key, exactly as returned in PrivateKeyPlaintext (PEM text or DER), is encrypted under a
 * symmetric key: its first version in the raw layout (decrypt with Decrypt, Iv and Aad), or for Advance* its
 * primary version in the '$' layout (decrypt with AdvanceDecrypt).
 */
import type { InstanceCallContext } from './apis/define-instance-api.js'
import { authorizedKey, initialVersion } from './keys.js'
import { ivFor, sealRaw, symmetricAlgorithm } from './gcm.js'
import { advanceAlgorithm, keyFormat, keyPairSpec, newDataKeyPair, sealAdvance } from './data-keys.js'

export interface DataKeyPairRequest {
  KeyId: string
  /** Absent from the Advance* requests, which always use AES_GCM. */
  Algorithm?: string
  KeyPairSpec: string
  KeyFormat: string
  Aad: Buffer
}

export interface DataKeyPairResult {
  KeyId: string
  Iv: Buffer
  KeyPairSpec: string
  PrivateKeyPlaintext: Buffer
  PrivateKeyCiphertextBlob: Buffer
  PublicKey: Buffer
  Algorithm: string
  KeyVersionId: string
}

/** Authorises, validates every parameter, then generates and seals the pair. */
export async function generateDataKeyPairCall(
  ctx: InstanceCallContext,
  q: DataKeyPairRequest,
  opts: { api: string; advance: boolean },
): Promise<DataKeyPairResult> {
  const key = await authorizedKey(ctx, q.KeyId)
  const alg = (opts.advance ? advanceAlgorithm : symmetricAlgorithm)(key, q.Algorithm ?? '', opts.api)
  const spec = keyPairSpec(q.KeyPairSpec)
  const format = keyFormat(q.KeyFormat)
  const iv = await ivFor(Buffer.alloc(0))
  const pair = await newDataKeyPair(ctx.rt, spec, format)
  const common = { KeyId: key.keyId, Iv: iv, KeyPairSpec: spec, PrivateKeyPlaintext: pair.privateKey, PublicKey: pair.publicKey }
  if (opts.advance) {
    const sealed = await sealAdvance(ctx.rt, key, { algorithm: alg, iv, plaintext: pair.privateKey, aad: q.Aad, api: opts.api })
    return { ...common, PrivateKeyCiphertextBlob: sealed.blob, Algorithm: alg, KeyVersionId: sealed.keyVersionId }
  }
  const version = await initialVersion(ctx, key)
  const PrivateKeyCiphertextBlob = sealRaw(alg, version, iv, pair.privateKey, q.Aad)
  return { ...common, PrivateKeyCiphertextBlob, Algorithm: alg, KeyVersionId: version.keyVersionId }
}
