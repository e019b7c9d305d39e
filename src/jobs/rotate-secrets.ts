/**
 * Automatic rotation of managed secrets (spec §5): every secret whose NextRotationDate has come gets a new
 * ACSCurrent version with fresh credentials, and its next date moves one interval on.
 */
import type { Job } from './scheduler.js'
import { workThroughDue } from './due-loop.js'
import { rotateDueSecret } from '../services/secrets/rotation.js'

export const rotateSecrets: Job = {
  name: 'rotate-secrets',
  async run(rt, now) {
    const outcome = await workThroughDue(
      rt,
      (limit) => rt.store.secrets.dueForRotation(now, limit),
      (secret) => rotateDueSecret(rt, secret),
      (secret) => ({ job: 'rotate-secrets', secretName: secret.secretName }),
    )
    if (outcome.done > 0) rt.log.info({ rotated: outcome.done }, 'secrets rotated on schedule')
    return outcome
  },
}
