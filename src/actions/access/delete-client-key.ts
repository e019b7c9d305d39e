import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { deleteClientKey } from '../../services/access/client-keys.js'

export const DeleteClientKey = defineAction({
  name: 'DeleteClientKey',
  description: 'Deletes a client key: applications using it can no longer reach the instance API.',
  params: { ClientKeyId: p.string({ required: true, maxLength: 128, description: 'The client key id, KAAP.<uuid>.' }) },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    await deleteClientKey(ctx, q.ClientKeyId)
    return {}
  },
})
