/**
 * The one error type of the pure crypto layer. It never reaches a client directly: actions translate it into a
 * `KmsErrors` factory (for example `auth` on Decrypt becomes InvalidParameter / a decryption failure).
 */
export class CryptoError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.name = 'CryptoError';
        this.reason = reason;
    }
}
/** Type guard for the actions' error mapping. */
export function isCryptoError(e) {
    return e instanceof CryptoError;
}
