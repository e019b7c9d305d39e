import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pluralTargetParams, PLURAL_TAG_ERRORS } from '../tag-params.js'
import { validateTags } from '../../domain/tags.js'
import { requireRegion, tagPairs, tagResources } from '../../services/tags/tags.js'

export const TagResources = defineAction({
  name: 'TagResources',
  description: 'Adds or overwrites tags on up to 50 keys or secrets at once: all of them change, or none does.',
  params: {
    ...pluralTargetParams(true),
    Tag: p.objectList(['Key', 'Value'], { required: true, maxItems: 20, description: 'Tag.N.Key / Tag.N.Value, 1 to 20 tags.' }),
  },
  errors: [...PLURAL_TAG_ERRORS, 'Rejected.LimitExceeded'],
  async handle(q, ctx) {
    requireRegion(ctx, q.RegionId)
    const tags = validateTags(tagPairs(q.Tag).map((t) => ({ tagKey: t.tagKey, tagValue: t.tagValue ?? '' })), 'Tag', 'tag-service')
    await tagResources(ctx, q.ResourceType, q.ResourceId, tags, 'tag-service')
    return {}
  },
})
