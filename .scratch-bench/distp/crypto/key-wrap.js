/**
 * Root-key wrapping of everything secret at rest (key material, AccessKey secrets, secret values).
 * AES-256-GCM with a random 96-bit IV; the caller's `context` (e.g. `key-version:<id>`) is bound as AAD so a
 * wrapped blob copied into another row does not unwrap there.
 * Layout: 0x01 | iv(12) | ciphertext | tag(16).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
const FORMAT = 0x01;
const IV_LEN = 12;
const TAG_LEN = 16;
export function wrapWithRootKey(rootKey, plaintext, context) {
    const iv = randomBytes(IV_LEN);
    const cipher = createCipheriv('aes-256-gcm', rootKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), iv, ct, cipher.getAuthTag()]);
}
/** Throws if the blob was modified, belongs to another context, or was wrapped by another root key. */
export function unwrapWithRootKey(rootKey, blob, context) {
    if (blob.length < 1 + IV_LEN + TAG_LEN || blob[0] !== FORMAT)
        throw new Error('wrapped blob: unknown format');
    const iv = blob.subarray(1, 1 + IV_LEN);
    const tag = blob.subarray(blob.length - TAG_LEN);
    const decipher = createDecipheriv('aes-256-gcm', rootKey, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(1 + IV_LEN, blob.length - TAG_LEN)), decipher.final()]);
}
