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
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((v) => typeof v === 'string') || encodeTagCursor({ resourceId: parsed[0], tagKey: parsed[1] }) !== token)
    throw KmsErrors.invalidParameter('NextToken', 'Use the NextToken of the previous ListTagResources page.')
  return { resourceId: parsed[0] as string, tagKey: parsed[1] as string }
}
