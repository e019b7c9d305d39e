/**
 * CreateClientKey's request rules (Alibaba's CreateClientKey reference; spec kms-openapi §6.10): the password
 * policy, the validity window, and how many client keys an application access point may hold.
 */
import { randomInt } from 'node:crypto';
import { KmsErrors } from './errors.js';
import { parseUtc, SECOND } from './time.js';
/** "Each AAP can have at most 3 client keys" (Alibaba, "Use AAPs for access control"). */
export const CLIENT_KEYS_PER_AAP = 3;
/** The only algorithm and origin Alibaba documents for client keys. */
export const CLIENT_KEY_ALGORITHM = 'RSA_2048';
export const CLIENT_KEY_ORIGIN = 'KMS_PROVIDED';
const SPECIALS = '~!@#$%^&*?_-';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALLOWED = /^[A-Za-z0-9~!@#$%^&*?_-]*$/;
/**
 * The documented policy: 8 to 64 characters, at least two of the classes digits, letters and the specials
 * `~!@#$%^&*?_-`, and nothing else. The message never repeats the password.
 */
export function checkClientKeyPassword(password, param = 'Password') {
    if (password.length < 8 || password.length > 64)
        throw KmsErrors.invalidParameter(param, 'It must be 8 to 64 characters long.');
    if (!ALLOWED.test(password))
        throw KmsErrors.invalidParameter(param, `Only letters, digits and the special characters ${SPECIALS} are allowed.`);
    const classes = [/[0-9]/, /[A-Za-z]/, /[~!@#$%^&*?_-]/].filter((re) => re.test(password)).length;
    if (classes < 2)
        throw KmsErrors.invalidParameter(param, `It must contain at least two of: digits, letters, special characters (${SPECIALS}).`);
}
/** A strong password that satisfies the policy (letters, digits and specials, 24 characters, ~140 bits). */
export function generateClientKeyPassword(length = 24) {
    const all = LETTERS + DIGITS + SPECIALS;
    const pick = (set) => set[randomInt(set.length)];
    const chars = [pick(LETTERS), pick(DIGITS), pick(SPECIALS)];
    while (chars.length < length)
        chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join('');
}
/** The default validity: from now (whole seconds) to the same instant five calendar years later. */
export const DEFAULT_VALIDITY_YEARS = 5;
/**
 * NotBefore/NotAfter as epoch ms. Both or neither (the documented rule); UTC `yyyy-MM-ddTHH:mm:ssZ`; NotAfter
 * after NotBefore. Without them: now (truncated to the second, as certificates carry seconds) to now + 5 years.
 */
export function clientKeyValidity(notBefore, notAfter, now) {
    if (notBefore === undefined && notAfter === undefined) {
        const start = Math.floor(now / SECOND) * SECOND;
        const end = new Date(start);
        end.setUTCFullYear(end.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
        return { notBefore: start, notAfter: end.getTime() };
    }
    if (notBefore === undefined)
        throw KmsErrors.missingParameter('NotBefore');
    if (notAfter === undefined)
        throw KmsErrors.missingParameter('NotAfter');
    const from = parseUtc(notBefore);
    if (from === undefined || from < 0)
        throw KmsErrors.invalidParameter('NotBefore', 'Use UTC yyyy-MM-ddTHH:mm:ssZ from 1970 on, e.g. 2024-08-31T17:14:33Z.');
    const to = parseUtc(notAfter);
    if (to === undefined)
        throw KmsErrors.invalidParameter('NotAfter', 'Use UTC yyyy-MM-ddTHH:mm:ssZ, e.g. 2029-08-31T17:14:33Z.');
    if (to <= from)
        throw KmsErrors.invalidParameter('NotAfter', 'It must be later than NotBefore.');
    return { notBefore: from, notAfter: to };
}
