import { KmsErrors } from './errors.js';
const UNIT_SECONDS = { d: 86400, h: 3600, m: 60, s: 1 };
/** Ranges in seconds. CreateKey: 7–365 days for software keys; UpdateRotationPolicy: 7–730 days (spec §4.5). */
export const ROTATION_RANGE = {
    createKey: { min: 7 * 86400, max: 365 * 86400 },
    updatePolicy: { min: 7 * 86400, max: 730 * 86400 },
};
/** `integer[unit]` with unit d|h|m|s (`7d` ≡ `604800s`); a bare integer means seconds. */
export function parseRotationInterval(text, name, range) {
    const m = /^(\d{1,12})([dhms]?)$/.exec(text.trim());
    if (!m)
        throw KmsErrors.invalidParameter(name, 'Use an integer followed by d, h, m or s, for example 7d or 604800s.');
    const seconds = Number(m[1]) * UNIT_SECONDS[(m[2] || 's')];
    if (seconds < range.min || seconds > range.max)
        throw KmsErrors.invalidParameter(name, `It must be between ${range.min / 86400} and ${range.max / 86400} days (${range.min}s to ${range.max}s).`);
    return seconds;
}
export function formatSeconds(seconds) {
    return `${seconds}s`;
}
