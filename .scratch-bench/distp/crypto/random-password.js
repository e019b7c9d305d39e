/**
 * Random passwords for GetRandomPassword and for rotated credentials (spec/kms-openapi.md §5). Every character is
 * drawn with `crypto.randomInt`, which rejects biased samples, so each allowed character is equally likely.
 */
import { randomInt } from 'node:crypto';
import { CryptoError } from './crypto-error.js';
export const PASSWORD_CLASSES = {
    lowercase: 'abcdefghijklmnopqrstuvwxyz',
    uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    numbers: '0123456789',
    /** Printable ASCII punctuation, no space. */
    punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
/** The character pools left after the exclusions, one per included class with at least one character. */
export function passwordPools(opts) {
    const banned = new Set(opts.excludeCharacters);
    return Object.keys(PASSWORD_CLASSES)
        .filter((c) => !opts.exclude.has(c))
        .map((c) => [...PASSWORD_CLASSES[c]].filter((ch) => !banned.has(ch)).join(''))
        .filter((pool) => pool.length > 0);
}
/** Throws CryptoError('format') when the options leave no character to draw or cannot be satisfied. */
export function randomPassword(opts) {
    const pools = passwordPools(opts);
    const alphabet = pools.join('');
    if (alphabet.length === 0)
        throw new CryptoError('format', 'the exclusions leave no character to draw from');
    if (opts.requireEachIncludedType && pools.length > opts.length)
        throw new CryptoError('format', 'the password is too short to hold one character of every included type');
    const pick = (pool) => pool[randomInt(pool.length)];
    const chars = opts.requireEachIncludedType ? pools.map(pick) : [];
    while (chars.length < opts.length)
        chars.push(pick(alphabet));
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        const t = chars[i];
        chars[i] = chars[j];
        chars[j] = t;
    }
    return chars.join('');
}
