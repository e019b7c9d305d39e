/** ListTagResources paging (spec §4.8): an opaque NextToken holding the last (ResourceId, TagKey) returned. */
import { KmsErrors } from './errors.js'

export interface TagCursor {
  resourceId: string
  tagKey: string
}

export function encodeTagCursor(c: TagCursor): string {
  return Buffer.from(JSON.stringify([c.resourceId, c.tagKey]), 'utf8').toString('base64url')
}

/** Decodes a NextToken from a previous page; anything else is InvalidParameter naming NextToken. */
export function decodeTagCursor(token: string): TagCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  const pair = Array.isArray(parsed) && parsed.length === 2 && parsed.every((v) => typeof v === 'string') ? parsed : undefined
  const cursor = pair && { resourceId: pair[0] as string, tagKey: pair[1] as string }
  // Re-encoding must give the token back: base64url decoding alone would accept other spellings.
  if (!cursor || encodeTagCursor(cursor) !== token)
    throw KmsErrors.invalidParameter('NextToken', 'Use the NextToken of the previous ListTagResources page.')
  return cursor
}
