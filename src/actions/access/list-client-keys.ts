import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { ACCESS_NAME, ACCESS_NAME_HINT } from '../../domain/access-names.js'
import { clientKeyView } from '../views/access.js'
import { listClientKeys } from '../../services/access/client-keys.js'

export const ListClientKeys = defineAction({
  name: 'ListClientKeys',
  description: 'Lists client keys in creation order, all or one application access point’s; ClientKeys is a plain array.',
  method: 'GET',
  params: {
    AapName: p.string({
      minLength: 1,
      maxLength: 64,
      pattern: ACCESS_NAME,
      patternHint: ACCESS_NAME_HINT,
      description: 'Only this AAP’s client keys (it must exist).',
    }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    return { ClientKeys: (await listClientKeys(ctx, q.AapName)).map(clientKeyView) }
  },
})
