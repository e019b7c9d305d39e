/**
 * Secret deletion (spec §5): secrets whose recovery window has ended are destroyed with their versions (sealed
 * values), stages and tags. Afterwards the name is free for CreateSecret and unknown to every other action.
 */
import type { Job } from './scheduler.js'
import { workThroughDue } from './due-loop.js'
import { purgeDueSecret } from '../services/secrets/lifecycle.js'

export const purgeSecrets: Job = {
  name: 'purge-secrets',
  async run(rt, now) {
    const outcome = await workThroughDue(
      rt,
      (limit) => rt.store.secrets.dueForPurge(now, limit),
      (secret) => purgeDueSecret(rt, secret, now),
      (secret) => ({ job: 'purge-secrets', secretName: secret.secretName }),
    )
    if (outcome.done > 0) rt.log.info({ purged: outcome.done }, 'secrets purged after their recovery window')
    return outcome
  },
}
