/**
 * Names of network rules, policies and application access points. Alibaba documents no rule; its examples use
 * letters, digits, `_`, `-` and `.` (`aap_test`, `kst-hzz62ee817bvyyr5x****.efkd`). openkms accepts 1 to 64 of
 * those characters, so every name is safe inside an ARN (`acs:kms:<region>:<account>:policy/<name>`) and a URL.
 */
import { KmsErrors } from './errors.js';
export const ACCESS_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const ACCESS_NAME_HINT = 'It must be 1 to 64 characters: letters, digits, _ - and .';
/**
 * Checks a list of names that refer to other objects (an AAP's Policies, a policy's network rules): between
 * `min` and `max` entries, each a valid name, none repeated. Throws InvalidParameter naming `param`.
 */
export function checkNameList(values, param, bounds) {
    if (values.length < bounds.min)
        throw KmsErrors.invalidParameter(param, `Give at least ${bounds.min} name(s).`);
    if (values.length > bounds.max)
        throw KmsErrors.invalidParameter(param, `At most ${bounds.max} names are allowed.`);
    const seen = new Set();
    for (const v of values) {
        if (!ACCESS_NAME.test(v))
            throw KmsErrors.invalidParameter(param, `"${v}" is not a valid name. ${ACCESS_NAME_HINT}`);
        if (seen.has(v))
            throw KmsErrors.invalidParameter(param, `"${v}" is listed twice.`);
        seen.add(v);
    }
    return [...values];
}
