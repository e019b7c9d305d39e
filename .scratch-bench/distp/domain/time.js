/** Alibaba's wire time format: UTC `yyyy-MM-ddTHH:mm:ssZ`, no milliseconds (spec §4.1). */
export function formatUtc(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
const UTC_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
/** Parses the strict wire format; returns undefined for anything else (including impossible dates). */
export function parseUtc(text) {
    const m = UTC_SECONDS.exec(text);
    if (!m)
        return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    return formatUtc(ms) === text ? ms : undefined;
}
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
