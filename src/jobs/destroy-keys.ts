/**
 * Deletion (spec §4.6): keys in PendingDeletion whose DeleteDate has passed are destroyed with their
 * versions (material), aliases and tags. Afterwards the key id is unknown to every action
 * (Forbidden.KeyNotFound) and its aliases are free again.
 */
import type { KeyRecord } from '../store/store.js'
import type { Runtime } from '../services/context.js'
import type { Job } from './scheduler.js'
import { workThroughDue } from './due-loop.js'

/**
 * Destroys `key` as read by the due-scan, provided it has not changed since (a CancelKeyDeletion that won
 * the race keeps the key). Claiming the key by its revision and deleting it commit together, so exactly
 * one process destroys it. Returns whether this call destroyed it.
 */
export async function destroyDueKey(rt: Runtime, key: KeyRecord, now: number): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    if (!(await tx.keys.update(key.keyId, { updatedAt: now }, key.revision))) return false
    const aliases = await tx.aliases.list({ offset: 0, limit: await tx.aliases.countForKey(key.keyId) }, key.keyId)
    await tx.keys.destroy(key.keyId)
    await tx.notify('key', key.keyId)
    for (const alias of aliases.items) await tx.notify('alias', alias.aliasName)
    return true
  })
}

export const destroyKeys: Job = {
  name: 'destroy-keys',
  async run(rt, now) {
    const outcome = await workThroughDue(
      rt,
      (limit) => rt.store.keys.dueForDeletion(now, limit),
      (key) => destroyDueKey(rt, key, now),
      (key) => ({ job: 'destroy-keys', keyId: key.keyId }),
    )
    if (outcome.done > 0) rt.log.info({ destroyed: outcome.done }, 'keys destroyed after their deletion window')
    return outcome
  },
}
