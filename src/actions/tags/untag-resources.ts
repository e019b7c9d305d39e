import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pluralTargetParams, PLURAL_TAG_ERRORS } from '../tag-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireRegion, untagResources } from '../../services/tags/tags.js'

export const UntagResources = defineAction({
  name: 'UntagResources',
  description: 'Removes tags from up to 50 keys or secrets at once: the named tag keys, or all of them with All=true.',
  params: {
    ...pluralTargetParams(true),
    TagKey: p.list({ maxItems: 20, itemMaxLength: 128, description: 'TagKey.N: tag keys to remove, up to 20.' }),
    All: p.boolean({ default: false, description: 'true removes every tag (give no TagKey.N then).' }),
  },
  errors: [...PLURAL_TAG_ERRORS],
  async handle(q, ctx) {
    requireRegion(ctx, q.RegionId)
    if (q.All && q.TagKey) throw KmsErrors.invalidParameter('All', 'Give either All=true or TagKey.N, not both.')
    if (!q.All && !q.TagKey) throw KmsErrors.missingParameter('TagKey.1')
    await untagResources(ctx, q.ResourceType, q.ResourceId, q.TagKey ?? 'all', 'TagKey.N', 'tag-service')
    return {}
  },
})
