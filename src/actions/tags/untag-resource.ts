import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { TAG_WRITE_ERRORS } from '../tag-params.js'
import { singleResourceParams } from '../common-params.js'
import { singleTarget } from '../../services/tags/targets.js'
import { untagResources } from '../../services/tags/tags.js'

export const UntagResource = defineAction({
  name: 'UntagResource',
  description: 'Removes tags, by key, from a key or secret; keys the resource does not have are ignored.',
  params: {
    ...singleResourceParams(),
    TagKeys: p.json(p.Type.Array(p.Type.String(), { minItems: 1, maxItems: 20 }), {
      required: true,
      maxLength: 8192,
      description: 'JSON array of 1 to 20 tag keys: ["k1","k2"].',
    }),
  },
  errors: [...TAG_WRITE_ERRORS],
  async handle(q, ctx) {
    const target = singleTarget(q)
    await untagResources(ctx, target.type, [target.ref], q.TagKeys, 'TagKeys')
    return {}
  },
})
