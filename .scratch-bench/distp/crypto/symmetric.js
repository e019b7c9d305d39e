/**
 * Authenticated symmetric encryption for symmetric keys (spec/kms-instance-api.md "Semantics / algorithms"):
 * AES-GCM (NIST SP 800-38D) through OpenSSL, SM4-GCM (RFC 8998) through sm-crypto-v2 because Node's OpenSSL 3.0
 * has no `sm4-gcm`. Both use a 12-byte IV and a 16-byte tag; ciphertext and tag are returned separately.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';
import { CryptoError } from './crypto-error.js';
export const GCM_IV_LENGTH = 12;
export const GCM_TAG_LENGTH = 16;
const AES_BY_KEY_LENGTH = { 16: 'aes-128-gcm', 24: 'aes-192-gcm', 32: 'aes-256-gcm' };
function checkParams(alg, key, iv) {
    if (alg === 'AES_GCM') {
        if (!AES_BY_KEY_LENGTH[key.length])
            throw new CryptoError('key', `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
    }
    else if (alg === 'SM4_GCM') {
        if (key.length !== 16)
            throw new CryptoError('key', `SM4 key must be 16 bytes, got ${key.length}`);
    }
    else {
        throw new CryptoError('unsupported', `unknown GCM algorithm ${String(alg)}`);
    }
    if (iv.length !== GCM_IV_LENGTH)
        throw new CryptoError('format', `GCM IV must be ${GCM_IV_LENGTH} bytes, got ${iv.length}`);
}
/** Encrypts with a caller-chosen IV (never reuse an IV under the same key: GCM loses all security). */
export function gcmEncrypt(alg, key, iv, plaintext, aad) {
    checkParams(alg, key, iv);
    if (alg === 'SM4_GCM') {
        const out = sm4.encrypt(plaintext, key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
        if (!out.tag)
            throw new CryptoError('format', 'SM4-GCM produced no tag');
        return { ciphertext: Buffer.from(out.output), tag: Buffer.from(out.tag) };
    }
    const cipher = createCipheriv(AES_BY_KEY_LENGTH[key.length], key, iv, { authTagLength: GCM_TAG_LENGTH });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, tag: cipher.getAuthTag() };
}
/** Decrypts and authenticates; any mismatch (key, IV, AAD, ciphertext or tag) throws CryptoError('auth'). */
export function gcmDecrypt(alg, key, iv, ciphertext, tag, aad) {
    checkParams(alg, key, iv);
    if (tag.length !== GCM_TAG_LENGTH)
        throw new CryptoError('format', `GCM tag must be ${GCM_TAG_LENGTH} bytes, got ${tag.length}`);
    if (alg === 'SM4_GCM') {
        try {
            const out = sm4.decrypt(ciphertext, key, { mode: 'gcm', iv, associatedData: aad, tag, output: 'array' });
            return Buffer.from(out);
        }
        catch {
            throw new CryptoError('auth', 'SM4-GCM authentication failed');
        }
    }
    const decipher = createDecipheriv(AES_BY_KEY_LENGTH[key.length], key, iv, { authTagLength: GCM_TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const head = decipher.update(ciphertext);
    try {
        return Buffer.concat([head, decipher.final()]);
    }
    catch {
        head.fill(0);
        throw new CryptoError('auth', 'AES-GCM authentication failed');
    }
}
