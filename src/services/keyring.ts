/** The root of trust: wraps and unwraps every secret the store holds. The root key never enters the store. */
import { wrapWithRootKey, unwrapWithRootKey } from '../crypto/key-wrap.js'

export interface Keyring {
  wrap(plaintext: Buffer, context: string): Buffer
  unwrap(wrapped: Buffer, context: string): Buffer
}

export function rootKeyring(rootKey: Buffer): Keyring {
  if (rootKey.length !== 32) throw new Error('the root key must be 32 bytes')
  return {
    wrap: (plaintext, context) => wrapWithRootKey(rootKey, plaintext, context),
    unwrap: (wrapped, context) => unwrapWithRootKey(rootKey, wrapped, context),
  }
}

/** Wrapping contexts, one per kind of secret, so a blob cannot be replayed in another role. */
export const wrapContext = {
  keyVersion: (keyVersionId: string) => `key-version:${keyVersionId}`,
  accessKey: (accessKeyId: string) => `access-key:${accessKeyId}`,
  secretVersion: (secretName: string, versionId: string) => `secret-version:${secretName}:${versionId}`,
  /** The instance API's private CA keys and TLS server key (runtime/instance-tls.ts). */
  instanceTls: (part: 'root-ca' | 'sub-ca' | 'server') => `instance-tls:${part}`,
  /** A BYOK wrapping private key, bound to its token, key and algorithm (services/keys/import-tokens.ts). */
  importToken: (tokenHash: string, keyId: string, algorithm: string) => `import-token:${tokenHash}:${keyId}:${algorithm}`,
  /** The fingerprint of the material an EXTERNAL key is bound to (services/keys/key-material.ts). */
  materialFingerprint: (keyId: string) => `material-fingerprint:${keyId}`,
}
