import { defineAction } from '../define-action.js'
import { singleResourceParams } from '../common-params.js'
import { singleTarget, TAG_TARGETS } from '../../services/tags/targets.js'
import { resourceTags } from '../../services/tags/tags.js'

export const ListResourceTags = defineAction({
  name: 'ListResourceTags',
  description: 'Lists the tags of a key or secret, ordered by tag key.',
  params: singleResourceParams(),
  errors: ['MissingParameter', 'InvalidParameter', 'Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const target = singleTarget(q)
    const idField = TAG_TARGETS[target.type].param
    const tags = await resourceTags(ctx, target.type, target.ref)
    return { Tags: { Tag: tags.map((t) => ({ [idField]: t.resourceId, TagKey: t.tagKey, TagValue: t.tagValue })) } }
  },
})
