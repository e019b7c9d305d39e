import { defineAction } from '../define-action.js'
import { accessNameParam } from '../access-params.js'
import { deleteAap } from '../../services/access/admin.js'

export const DeleteApplicationAccessPoint = defineAction({
  name: 'DeleteApplicationAccessPoint',
  description: 'Deletes an application access point together with its client keys, as Alibaba does.',
  params: { Name: accessNameParam('application access point') },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    await deleteAap(ctx, q.Name)
    return {}
  },
})
