/** The root of trust: wraps and unwraps every secret the store holds. The root key never enters the store. */
import { wrapWithRootKey, unwrapWithRootKey } from '../crypto/key-wrap.js';
export function rootKeyring(rootKey) {
    if (rootKey.length !== 32)
        throw new Error('the root key must be 32 bytes');
    return {
        wrap: (plaintext, context) => wrapWithRootKey(rootKey, plaintext, context),
        unwrap: (wrapped, context) => unwrapWithRootKey(rootKey, wrapped, context),
    };
}
/** Wrapping contexts, one per kind of secret, so a blob cannot be replayed in another role. */
export const wrapContext = {
    keyVersion: (keyVersionId) => `key-version:${keyVersionId}`,
    accessKey: (accessKeyId) => `access-key:${accessKeyId}`,
    secretVersion: (secretName, versionId) => `secret-version:${secretName}:${versionId}`,
    /** The instance API's private CA keys and TLS server key (services/instance-tls.ts). */
    instanceTls: (part) => `instance-tls:${part}`,
    /** A BYOK wrapping private key, bound to its token, key and algorithm (services/import-tokens.ts). */
    importToken: (tokenHash, keyId, algorithm) => `import-token:${tokenHash}:${keyId}:${algorithm}`,
    /** The fingerprint of the material an EXTERNAL key is bound to (services/key-material.ts). */
    materialFingerprint: (keyId) => `material-fingerprint:${keyId}`,
};
