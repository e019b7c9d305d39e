/**
 * What the bytes inside a symmetric CiphertextBlob mean on the OpenAPI (docs/behaviour.md, "Symmetric crypto").
 * Alibaba documents Encrypt's `Plaintext` as base64, but treats it as an opaque string: it seals the string's bytes
 * and Decrypt returns the same string (Terraform's alicloud_kms_ciphertext encrypts the literal "plaintext" and
 * expects it back; Alibaba's combined SDKs seal `[]byte(Plaintext)` and, for GenerateDataKey, the base64 text of the
 * data key). openkms does the same, so every Alibaba client and both planes agree on what a blob holds:
 * - Encrypt seals the UTF-8 bytes of `Plaintext`; Decrypt returns them as text.
 * - GenerateDataKey* seal the base64 text of the data key, so Decrypt returns exactly GenerateDataKey's Plaintext.
 * - Raw bytes from the asymmetric side (ReEncrypt from an asymmetric source) are sealed as base64 text too, and
 *   ExportDataKey decodes that text back to the raw data key.
 */
import { KmsErrors } from './errors.js';
/** The base64 text of 6144 bytes (Alibaba's 6 KB limit), so any base64 payload of up to 6 KB decoded fits. */
export const MAX_PLAINTEXT_BYTES = 8192;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Encrypt: the bytes to seal for a `Plaintext` parameter; more than 8192 UTF-8 bytes is InvalidParameter. */
export function plaintextBytes(text) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > MAX_PLAINTEXT_BYTES)
        throw KmsErrors.invalidParameter('Plaintext', `It must be at most ${MAX_PLAINTEXT_BYTES} bytes (6144 bytes once base64-decoded); got ${bytes.length}.`);
    return bytes;
}
/**
 * Decrypt: the `Plaintext` string for sealed bytes. Blobs openkms writes always hold text; bytes that are not UTF-8
 * (a blob another producer sealed binary data in) are returned base64-encoded rather than corrupted.
 */
export function plaintextText(bytes) {
    try {
        return strictUtf8.decode(bytes);
    }
    catch {
        return bytes.toString('base64');
    }
}
/** Raw bytes (a data key, or an asymmetric source's plaintext) as the text a symmetric blob holds. */
export function sealedTextOf(raw) {
    return Buffer.from(raw.toString('base64'), 'ascii');
}
/** The raw data key a GenerateDataKey* blob holds, or undefined when the sealed text is not base64. */
export function rawFromSealedText(sealed) {
    const text = sealed.toString('latin1');
    if (text.length === 0 || !BASE64.test(text))
        return undefined;
    return Buffer.from(text, 'base64');
}
