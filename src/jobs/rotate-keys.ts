/**
 * Automatic rotation (spec §4.5): each key whose NextRotationDate has come gets a new version, which becomes
 * primary. Exactly once per due date, whatever the number of processes: the new version and the schedule
 * change commit together, conditional on the key's revision (`commitKeyVersion`).
 */
import type { KeyRecord } from '../store/store.js'
import type { Runtime } from '../services/context.js'
import type { Job } from './scheduler.js'
import { rotationStep } from '../domain/rotation-schedule.js'
import { commitKeyVersion, sealKeyVersion } from '../services/keys/key-versions.js'
import { workThroughDue } from './due-loop.js'

/**
 * Rotates `key` as read by the due-scan at `now`. Returns false, having written nothing, when the key
 * changed after the scan (another process rotated it, or a user disabled it); a key still due is
 * taken up again by the next pass.
 */
export async function rotateDueKey(rt: Runtime, key: KeyRecord, now: number): Promise<boolean> {
  if (key.nextRotationDate === null || key.rotationInterval === null) return false
  const step = rotationStep(key.nextRotationDate, key.rotationInterval, now)
  const version = sealKeyVersion(rt, key.keyId, await rt.keyPool.take(key.keySpec), step.rotatedAt)
  return commitKeyVersion(rt, key, version, {
    primaryVersionId: version.keyVersionId,
    lastRotationDate: step.rotatedAt,
    nextRotationDate: step.next,
  })
}

export const rotateKeys: Job = {
  name: 'rotate-keys',
  async run(rt, now) {
    const outcome = await workThroughDue(
      rt,
      (limit) => rt.store.keys.dueForRotation(now, limit),
      (key) => rotateDueKey(rt, key, now),
      (key) => ({ job: 'rotate-keys', keyId: key.keyId }),
    )
    if (outcome.done > 0) rt.log.info({ rotated: outcome.done }, 'keys rotated')
    return outcome
  },
}
