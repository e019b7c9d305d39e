import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { TAG_WRITE_ERRORS } from '../tag-params.js'
import { singleResourceParams } from '../common-params.js'
import { validateTags } from '../../domain/tags.js'
import { singleTarget } from '../../services/tags/targets.js'
import { tagResources } from '../../services/tags/tags.js'

export const TagResource = defineAction({
  name: 'TagResource',
  description: 'Adds or overwrites tags on a key or secret; a resource has at most 20 tags.',
  params: {
    ...singleResourceParams(),
    Tags: p.json(p.Type.Array(p.Type.Object({ TagKey: p.Type.String(), TagValue: p.Type.String() }), { minItems: 1 }), {
      required: true,
      maxLength: 8192,
      description: 'JSON array of 1 to 20 tags: [{"TagKey":"k","TagValue":"v"}].',
    }),
  },
  errors: [...TAG_WRITE_ERRORS, 'Rejected.LimitExceeded'],
  async handle(q, ctx) {
    const target = singleTarget(q)
    const tags = validateTags(q.Tags.map((t) => ({ tagKey: t.TagKey, tagValue: t.TagValue })), 'Tags')
    await tagResources(ctx, target.type, [target.ref], tags)
    return {}
  },
})
