import { KmsErrors } from './errors.js';
/** Tag rules (spec §4.8): ≤128 chars, letters, digits and `/ \ _ - . + = : @` (plus spaces, seen in practice). */
const TAG_CHARS = /^[\p{L}\p{N} /\\_.+=:@-]+$/u;
const RESERVED = /^(aliyun|acs:)/i;
export const MAX_TAGS_PER_RESOURCE = 20;
/** Tags under `aliyun` / `acs:` belong to the platform: users can neither add nor remove them (spec §4.8). */
export function isReservedTagKey(key) {
    return RESERVED.test(key);
}
export function validateTagKey(key, param) {
    if (key.length === 0 || key.length > 128)
        throw KmsErrors.invalidParameter(param, 'A tag key must be 1 to 128 characters.');
    if (!TAG_CHARS.test(key))
        throw KmsErrors.invalidParameter(param, `The tag key "${key}" has characters that are not allowed.`);
    if (RESERVED.test(key))
        throw KmsErrors.invalidParameter(param, `The tag key "${key}" uses a reserved prefix (aliyun, acs:).`);
}
export function validateTagValue(value, param) {
    if (value.length > 128)
        throw KmsErrors.invalidParameter(param, 'A tag value must be at most 128 characters.');
    if (value.length > 0 && !TAG_CHARS.test(value))
        throw KmsErrors.invalidParameter(param, `The tag value "${value}" has characters that are not allowed.`);
}
/** Validates a tag list and rejects the same key twice in one request. */
export function validateTags(tags, param) {
    if (tags.length > MAX_TAGS_PER_RESOURCE)
        throw KmsErrors.invalidParameter(param, `At most ${MAX_TAGS_PER_RESOURCE} tags are allowed.`);
    const seen = new Set();
    for (const t of tags) {
        validateTagKey(t.tagKey, param);
        validateTagValue(t.tagValue, param);
        if (seen.has(t.tagKey))
            throw KmsErrors.invalidParameter(param, `The tag key "${t.tagKey}" is given twice.`);
        seen.add(t.tagKey);
    }
    return tags;
}
