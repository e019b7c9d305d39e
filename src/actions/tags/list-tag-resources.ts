import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pluralTargetParams } from '../tag-params.js'
import { decodeTagCursor } from '../../domain/tag-page-token.js'
import { requireRegion, tagPairs, tagResourcesPage } from '../../services/tags/tags.js'

export const ListTagResources = defineAction({
  name: 'ListTagResources',
  description: 'Lists tags of keys or secrets, 200 per page, optionally only of some resources or some tags.',
  params: {
    ...pluralTargetParams(false),
    Tag: p.objectList(['Key', 'Value'], {
      maxItems: 20,
      description: 'Tag.N.Key / Tag.N.Value: only rows with any of these tags (a Key alone matches any value).',
    }),
    NextToken: p.string({ maxLength: 2048, description: 'The NextToken of the previous page.' }),
  },
  errors: ['MissingParameter', 'InvalidParameter', 'Duplicate.TagKey', 'InvalidResourceId.NotFound'],
  async handle(q, ctx) {
    requireRegion(ctx, q.RegionId)
    const page = await tagResourcesPage(ctx, {
      type: q.ResourceType,
      refs: q.ResourceId,
      filters: q.Tag && tagPairs(q.Tag),
      after: q.NextToken === undefined ? undefined : decodeTagCursor(q.NextToken),
    })
    const rows = page.rows.map((t) => ({ ResourceId: t.resourceId, ResourceType: t.resourceType, TagKey: t.tagKey, TagValue: t.tagValue }))
    return { NextToken: page.next ?? '', TagResources: { TagResource: rows } }
  },
})
