/**
 * The one error type of the pure crypto layer. It never reaches a client directly: actions translate it into a
 * `KmsErrors` factory (for example `auth` on Decrypt becomes InvalidParameter / a decryption failure).
 */

/**
 * - `auth`: integrity check failed (GCM tag, OAEP decoding, SM2 C3 hash) — wrong key, AAD or tampered input.
 * - `format`: input bytes are malformed (wrong length, bad DER, oversize plaintext, digest not 32 bytes).
 * - `key`: key material or public key is unusable or does not match the key spec.
 * - `unsupported`: the algorithm is not defined for this key spec.
 */
export type CryptoErrorReason = 'auth' | 'format' | 'key' | 'unsupported'

export class CryptoError extends Error {
  readonly reason: CryptoErrorReason
  constructor(reason: CryptoErrorReason, message: string) {
    super(message)
    this.name = 'CryptoError'
    this.reason = reason
  }
}

/** Type guard for the actions' error mapping. */
export function isCryptoError(e: unknown): e is CryptoError {
  return e instanceof CryptoError
}
