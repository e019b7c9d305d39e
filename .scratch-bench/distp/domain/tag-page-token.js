/** ListTagResources paging (spec §4.8): an opaque NextToken holding the last (ResourceId, TagKey) returned. */
import { KmsErrors } from './errors.js';
export function encodeTagCursor(c) {
    return Buffer.from(JSON.stringify([c.resourceId, c.tagKey]), 'utf8').toString('base64url');
}
/** Decodes a NextToken from a previous page; anything else is InvalidParameter naming NextToken. */
export function decodeTagCursor(token) {
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    }
    catch {
        parsed = undefined;
    }
    const pair = Array.isArray(parsed) && parsed.length === 2 && parsed.every((v) => typeof v === 'string') ? parsed : undefined;
    const cursor = pair && { resourceId: pair[0], tagKey: pair[1] };
    // Re-encoding must give the token back: base64url decoding alone would accept other spellings.
    if (!cursor || encodeTagCursor(cursor) !== token)
        throw KmsErrors.invalidParameter('NextToken', 'Use the NextToken of the previous ListTagResources page.');
    return cursor;
}
