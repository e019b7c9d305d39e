/**
 * Secret metadata changes and the deletion lifecycle (spec/kms-openapi.md §5): compare-and-set updates, the
 * recovery window (DeleteSecret / RestoreSecret) and the purge that the scheduler runs when the window is over.
 */
import type { SecretPatch, SecretRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { DAY } from '../../domain/time.js'
import { findSecret, requireNotDeleting } from './secrets.js'
import { withCompareAndSet } from '../compare-and-set.js'

/**
 * Applies `decide`'s patch to the secret `ref` names with compare-and-set on its revision, retried when another
 * writer got there first. `decide` sees the current record and may throw a refusal.
 */
export async function updateSecret(
  rt: Runtime,
  ref: string,
  decide: (secret: SecretRecord) => SecretPatch,
): Promise<SecretRecord> {
  return withCompareAndSet('secret', async () => {
    const secret = await findSecret(rt.store, rt, ref)
    const patch = decide(secret)
    // The change and its notice commit together: no process can keep a stale cached secret if this one dies.
    return rt.store.tx(async (tx) => {
      const next = await tx.secrets.update(secret.secretName, { ...patch, updatedAt: rt.clock.now() }, secret.revision)
      if (next) await tx.notify('secret', secret.secretName)
      return next
    })
  })
}

/** Like updateSecret, for a secret that must not be waiting out its recovery window. */
export function updateLiveSecret(rt: Runtime, ref: string, decide: (secret: SecretRecord) => SecretPatch): Promise<SecretRecord> {
  return updateSecret(rt, ref, (secret) => {
    requireNotDeleting(secret)
    return decide(secret)
  })
}

/** Removes a secret with its versions, stages and tags at once; true when it existed. */
export async function purgeSecret(rt: Runtime, secretName: string): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    const gone = await tx.secrets.destroy(secretName)
    if (gone) await tx.notify('secret', secretName)
    return gone
  })
}

/**
 * DeleteSecret: schedules deletion after `recoveryWindowDays`, or with `force` destroys the secret now (also one
 * already scheduled). Scheduling a secret that is already scheduled is Rejected.ResourceInDeleteWindow.
 * Returns the planned deletion time (now, when forced).
 */
export async function deleteSecret(rt: Runtime, ref: string, opts: { force: boolean; recoveryWindowDays: number }): Promise<{ secretName: string; plannedDeleteTime: number }> {
  if (opts.force) {
    const secret = await findSecret(rt.store, rt, ref)
    await purgeSecret(rt, secret.secretName)
    return { secretName: secret.secretName, plannedDeleteTime: rt.clock.now() }
  }
  const planned = rt.clock.now() + opts.recoveryWindowDays * DAY
  const updated = await updateLiveSecret(rt, ref, () => ({ plannedDeleteTime: planned }))
  return { secretName: updated.secretName, plannedDeleteTime: planned }
}

/** RestoreSecret: cancels a scheduled deletion; restoring a secret that is not scheduled changes nothing. */
export async function restoreSecret(rt: Runtime, ref: string): Promise<string> {
  const secret = await findSecret(rt.store, rt, ref)
  // Alibaba answers 409 Rejected.ResourceInUse ("restore normal secret") for a secret that is not being deleted.
  if (secret.plannedDeleteTime === null) throw KmsErrors.restoreNotDeleted(secret.secretName)
  return (await updateSecret(rt, ref, () => ({ plannedDeleteTime: null }))).secretName
}

/**
 * Purges `secret` as read by the due-scan, provided it has not changed since (a RestoreSecret that won the race
 * keeps it). Claiming it by its revision and destroying it commit together, so exactly one process purges it.
 */
export async function purgeDueSecret(rt: Runtime, secret: SecretRecord, now: number): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    if (secret.plannedDeleteTime === null || secret.plannedDeleteTime > now) return false
    if (!(await tx.secrets.update(secret.secretName, { updatedAt: now }, secret.revision))) return false
    await tx.secrets.destroy(secret.secretName)
    await tx.notify('secret', secret.secretName)
    return true
  })
}
