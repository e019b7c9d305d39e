import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { clientKeyView } from '../views/access.js'
import { requireClientKey } from '../../services/access/client-keys.js'

export const GetClientKey = defineAction({
  name: 'GetClientKey',
  description: 'Returns a client key: its AAP, validity and certificate (PublicKeyData, PEM). The private key is never kept.',
  method: 'GET',
  params: { ClientKeyId: p.string({ required: true, maxLength: 128, description: 'The client key id, KAAP.<uuid>.' }) },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    return clientKeyView(await requireClientKey(ctx.store, q.ClientKeyId))
  },
})
