/**
 * Envelope encryption of secret values (docs/secrets.md). Each version gets a fresh 256-bit data key; the value is
 * sealed with AES-256-GCM under the data key, and the data key is sealed with the encryption key's material
 * (AES-GCM or SM4-GCM, NIST SP 800-38D / RFC 8998). Both seals bind the secret name and version id as AAD, so a
 * blob copied to another secret or version does not open. Layout of both blobs: 0x01 | iv(12) | ciphertext | tag(16).
 */
import { randomBytes } from 'node:crypto';
import { CryptoError } from './crypto-error.js';
import { gcmDecrypt, gcmEncrypt, GCM_IV_LENGTH, GCM_TAG_LENGTH } from './symmetric.js';
const FORMAT = 0x01;
const DATA_KEY_LENGTH = 32;
/** NUL never occurs in names or version ids, so joining with NUL is unambiguous. */
export function valueAad(b) {
    return Buffer.from(['openkms/secret-value/v1', b.secretName, b.versionId].join('\u0000'), 'utf8');
}
export function dataKeyAad(b) {
    return Buffer.from(['openkms/secret-data-key/v1', b.secretName, b.versionId, b.keyVersionId].join('\u0000'), 'utf8');
}
function seal(alg, key, plaintext, aad) {
    const iv = randomBytes(GCM_IV_LENGTH);
    const { ciphertext, tag } = gcmEncrypt(alg, key, iv, plaintext, aad);
    return Buffer.concat([Buffer.from([FORMAT]), iv, ciphertext, tag]);
}
function open(alg, key, blob, aad) {
    if (blob.length < 1 + GCM_IV_LENGTH + GCM_TAG_LENGTH || blob[0] !== FORMAT)
        throw new CryptoError('format', 'sealed secret: unknown format');
    const iv = blob.subarray(1, 1 + GCM_IV_LENGTH);
    const tag = blob.subarray(blob.length - GCM_TAG_LENGTH);
    return gcmDecrypt(alg, key, iv, blob.subarray(1 + GCM_IV_LENGTH, blob.length - GCM_TAG_LENGTH), tag, aad);
}
/** Seals `plaintext` under a fresh data key, itself sealed under `key`; the data key is wiped afterwards. */
export function sealSecret(plaintext, key, binding) {
    const dataKey = randomBytes(DATA_KEY_LENGTH);
    try {
        return {
            ciphertext: seal('AES_GCM', dataKey, plaintext, valueAad(binding)),
            wrappedDataKey: seal(key.alg, key.material, dataKey, dataKeyAad(binding)),
        };
    }
    finally {
        dataKey.fill(0);
    }
}
/** Opens a sealed value; CryptoError('auth') when the key, binding or bytes do not match. */
export function openSecret(sealed, key, binding) {
    const dataKey = open(key.alg, key.material, sealed.wrappedDataKey, dataKeyAad(binding));
    try {
        if (dataKey.length !== DATA_KEY_LENGTH)
            throw new CryptoError('format', 'sealed secret: bad data key length');
        return open('AES_GCM', dataKey, sealed.ciphertext, valueAad(binding));
    }
    finally {
        dataKey.fill(0);
    }
}
