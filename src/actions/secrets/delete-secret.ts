import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { secretNameParam } from '../secret-params.js'
import { formatUtc } from '../../domain/time.js'
import { RECOVERY_WINDOW_DAYS } from '../../domain/secret-rules.js'
import { deleteSecret } from '../../services/secrets/lifecycle.js'

export const DeleteSecret = defineAction({
  name: 'DeleteSecret',
  description: 'Schedules a secret for deletion after a recovery window (7–30 days, default 30), or deletes it at once.',
  params: {
    SecretName: secretNameParam(),
    ForceDeleteWithoutRecovery: p.boolean({ default: false, description: 'true deletes at once, without a recovery window.' }),
    RecoveryWindowInDays: p.integer({
      min: RECOVERY_WINDOW_DAYS.min,
      max: RECOVERY_WINDOW_DAYS.max,
      default: RECOVERY_WINDOW_DAYS.default,
      description: 'Days before the secret is destroyed (7 to 30, default 30); ignored with ForceDeleteWithoutRecovery.',
    }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow'],
  async handle(q, ctx) {
    const done = await deleteSecret(ctx, q.SecretName, { force: q.ForceDeleteWithoutRecovery, recoveryWindowDays: q.RecoveryWindowInDays })
    return { SecretName: done.secretName, PlannedDeleteTime: formatUtc(done.plannedDeleteTime) }
  },
})
