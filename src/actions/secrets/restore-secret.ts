import { defineAction } from '../define-action.js'
import { secretNameParam } from '../secret-params.js'
import { restoreSecret } from '../../services/secrets/lifecycle.js'

export const RestoreSecret = defineAction({
  name: 'RestoreSecret',
  description: 'Cancels the scheduled deletion of a secret during its recovery window.',
  params: { SecretName: secretNameParam() },
  errors: ['Forbidden.ResourceNotFound', 'Rejected.ResourceInUse'],
  async handle(q, ctx) {
    return { SecretName: await restoreSecret(ctx, q.SecretName) }
  },
})
