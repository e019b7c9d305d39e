/**
 * Tagging for the tag actions (spec §4.8, §6.4). Writes cover every named resource in one transaction:
 * either all of them change or, after any refusal, none does.
 */
import type { Repos, TagRecord, TaggedResourceType } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors, isKmsError } from '../../domain/errors.js'
import { MAX_TAGS_PER_RESOURCE, isReservedTagKey, rejectDuplicateTagKeys, validateTagKey, type Tag, type TagErrorStyle } from '../../domain/tags.js'
import { encodeTagCursor, type TagCursor } from '../../domain/tag-page-token.js'
import { TAG_TARGETS, type TagAccess } from './targets.js'

/** ListTagResources returns 200 rows per page (spec §4.8). */
export const TAG_PAGE_SIZE = 200

const NOT_FOUND = new Set(['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.ResourceNotFound'])

/**
 * The stored ids of `refs`. With the tag-service style (ResourceId.N of the plural actions) an unknown resource is
 * `InvalidResourceId.NotFound`, as Alibaba's tag APIs answer; otherwise the resource's own not-found code.
 */
async function resolveAll(
  tx: Repos,
  rt: Runtime,
  type: TaggedResourceType,
  refs: string[],
  access: TagAccess,
  style: TagErrorStyle,
): Promise<string[]> {
  const ids: string[] = []
  for (const ref of refs) {
    try {
      ids.push(await TAG_TARGETS[type].resolve(tx, rt, ref, access))
    } catch (e) {
      if (style === 'tag-service' && isKmsError(e) && NOT_FOUND.has(e.code)) throw KmsErrors.resourceIdNotFound(ref.slice(0, 128))
      throw e
    }
  }
  return [...new Set(ids)]
}

/** Adds or overwrites `tags` (already validated) on every resource; a resource may end with at most 20 tags. */
export async function tagResources(
  rt: Runtime,
  type: TaggedResourceType,
  refs: string[],
  tags: Tag[],
  style: TagErrorStyle = 'kms',
): Promise<void> {
  await rt.store.tx(async (tx) => {
    const ids = await resolveAll(tx, rt, type, refs, 'write', style)
    for (const id of ids) {
      const keys = new Set([...(await tx.tags.list(type, id)).map((t) => t.tagKey), ...tags.map((t) => t.tagKey)])
      if (keys.size > MAX_TAGS_PER_RESOURCE)
        throw KmsErrors.limitExceeded(`tag (at most ${MAX_TAGS_PER_RESOURCE} tags per resource; ${id} would have ${keys.size})`)
    }
    for (const id of ids) await tx.tags.put(type, id, tags)
  })
}

/**
 * Removes the named tag keys (absent ones are ignored), or with 'all' every tag a user may remove. Tags
 * under the reserved prefixes (`aliyun`, `acs:`) cannot be removed (spec §4.8); naming one is InvalidParameter.
 */
export async function untagResources(
  rt: Runtime,
  type: TaggedResourceType,
  refs: string[],
  tagKeys: string[] | 'all',
  param: string,
  style: TagErrorStyle = 'kms',
): Promise<void> {
  if (tagKeys !== 'all') {
    if (style === 'tag-service') rejectDuplicateTagKeys(tagKeys, param, style)
    for (const k of tagKeys) validateTagKey(k, param, style)
  }
  await rt.store.tx(async (tx) => {
    const ids = await resolveAll(tx, rt, type, refs, 'write', style)
    for (const id of ids) {
      const keys = tagKeys !== 'all' ? tagKeys : (await tx.tags.list(type, id)).map((t) => t.tagKey).filter((k) => !isReservedTagKey(k))
      await tx.tags.remove(type, id, keys)
    }
  })
}

/** The tags of one resource, ordered by key. */
export async function resourceTags(rt: Runtime, type: TaggedResourceType, ref: string): Promise<TagRecord[]> {
  const id = await TAG_TARGETS[type].resolve(rt.store, rt, ref, 'read')
  return rt.store.tags.list(type, id)
}

export interface TagQuery {
  type: TaggedResourceType
  /** Resource references (ids, aliases, ARNs); all resources of the type when absent. */
  refs?: string[]
  /** A row matches when it matches any filter: same key, and same value when one is given. */
  filters?: Array<{ tagKey: string; tagValue?: string }>
  after?: TagCursor
}

/**
 * One ListTagResources page: up to 200 rows ordered by (ResourceId, TagKey), and the cursor of the next
 * page, absent on the last one. One extra row is read to know whether a next page exists.
 */
export async function tagResourcesPage(rt: Runtime, q: TagQuery): Promise<{ rows: TagRecord[]; next?: string }> {
  const resourceIds = q.refs && (await resolveAll(rt.store, rt, q.type, q.refs, 'read', 'tag-service'))
  if (q.filters) rejectDuplicateTagKeys(q.filters.map((f) => f.tagKey), 'Tag.N.Key', 'tag-service')
  const tagKeys = q.filters && [...new Set(q.filters.map((f) => f.tagKey))]
  const matches = (r: TagRecord) =>
    !q.filters || q.filters.some((f) => f.tagKey === r.tagKey && (f.tagValue === undefined || f.tagValue === r.tagValue))
  const rows: TagRecord[] = []
  let after = q.after
  for (;;) {
    const batch = await rt.store.tags.scan({ resourceType: q.type, resourceIds, tagKeys, after, limit: TAG_PAGE_SIZE + 1 })
    rows.push(...batch.filter(matches))
    const last = batch.at(-1)
    if (rows.length > TAG_PAGE_SIZE || batch.length <= TAG_PAGE_SIZE || !last) break
    after = { resourceId: last.resourceId, tagKey: last.tagKey }
  }
  if (rows.length <= TAG_PAGE_SIZE) return { rows }
  const page = rows.slice(0, TAG_PAGE_SIZE)
  const end = page[TAG_PAGE_SIZE - 1] as TagRecord
  return { rows: page, next: encodeTagCursor({ resourceId: end.resourceId, tagKey: end.tagKey }) }
}

/** The plural tag actions carry the region explicitly; only this server's region exists here. */
export function requireRegion(rt: Pick<Runtime, 'config'>, regionId: string): void {
  if (regionId !== rt.config.region)
    throw KmsErrors.invalidParameter('RegionId', `This server serves region ${rt.config.region}.`)
}

/** `Tag.N.Key` / `Tag.N.Value` pairs from the wire; a pair without Key is MissingParameter. */
export function tagPairs(pairs: Array<Partial<Record<'Key' | 'Value', string>>>): Array<{ tagKey: string; tagValue?: string }> {
  return pairs.map((t, i) => {
    if (t.Key === undefined || t.Key === '') throw KmsErrors.missingParameter(`Tag.${i + 1}.Key`)
    return { tagKey: t.Key, tagValue: t.Value }
  })
}
