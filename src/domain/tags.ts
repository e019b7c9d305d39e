import { KmsErrors } from './errors.js'

/** Tag rules (spec §4.8): ≤128 chars, letters, digits and `/ \ _ - . + = : @` (plus spaces, seen in practice). */
const TAG_CHARS = /^[\p{L}\p{N} /\\_.+=:@-]+$/u
const RESERVED = /^(aliyun|acs:)/i
export const MAX_TAGS_PER_RESOURCE = 20

export interface Tag {
  tagKey: string
  tagValue: string
}

/** Tags under `aliyun` / `acs:` belong to the platform: users can neither add nor remove them (spec §4.8). */
export function isReservedTagKey(key: string): boolean {
  return RESERVED.test(key)
}

/**
 * Which error codes tag problems get. The plural tag actions (TagResources, UntagResources, ListTagResources)
 * follow Alibaba's tag-service codes: `InvalidParameter.TagKey` for a bad key and `Duplicate.TagKey`; the older
 * KMS actions (CreateKey/CreateSecret Tags, TagResource, UntagResource) answer `InvalidParameter`.
 */
export type TagErrorStyle = 'kms' | 'tag-service'

export function validateTagKey(key: string, param: string, style: TagErrorStyle = 'kms'): void {
  const bad = (why: string) => (style === 'tag-service' ? KmsErrors.invalidTagKey(param, why) : KmsErrors.invalidParameter(param, why))
  if (key.length === 0 || key.length > 128) throw bad('A tag key must be 1 to 128 characters.')
  if (!TAG_CHARS.test(key)) throw bad(`The tag key "${key}" has characters that are not allowed.`)
  if (RESERVED.test(key)) throw bad(`The tag key "${key}" uses a reserved prefix (aliyun, acs:).`)
}

/** The same key twice in one request. */
export function rejectDuplicateTagKeys(keys: string[], param: string, style: TagErrorStyle = 'kms'): void {
  const seen = new Set<string>()
  for (const k of keys) {
    if (seen.has(k))
      throw style === 'tag-service' ? KmsErrors.duplicateTagKey(param, k) : KmsErrors.invalidParameter(param, `The tag key "${k}" is given twice.`)
    seen.add(k)
  }
}

export function validateTagValue(value: string, param: string): void {
  if (value.length > 128) throw KmsErrors.invalidParameter(param, 'A tag value must be at most 128 characters.')
  if (value.length > 0 && !TAG_CHARS.test(value))
    throw KmsErrors.invalidParameter(param, `The tag value "${value}" has characters that are not allowed.`)
}

/** Validates a tag list and rejects the same key twice in one request. */
export function validateTags(tags: Tag[], param: string, style: TagErrorStyle = 'kms'): Tag[] {
  if (tags.length > MAX_TAGS_PER_RESOURCE)
    throw KmsErrors.invalidParameter(param, `At most ${MAX_TAGS_PER_RESOURCE} tags are allowed.`)
  rejectDuplicateTagKeys(tags.map((t) => t.tagKey), param, style)
  for (const t of tags) {
    validateTagKey(t.tagKey, param, style)
    validateTagValue(t.tagValue, param)
  }
  return tags
}
