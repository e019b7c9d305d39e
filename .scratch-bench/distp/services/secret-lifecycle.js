import { KmsErrors } from '../domain/errors.js';
import { DAY } from '../domain/time.js';
import { findSecret, requireNotDeleting } from './secrets.js';
/**
 * Applies `decide`'s patch to the secret `ref` names with compare-and-set on its revision, retried when another
 * writer got there first. `decide` sees the current record and may throw a refusal.
 */
export async function updateSecret(rt, ref, decide) {
    for (let attempt = 0; attempt < 5; attempt++) {
        const secret = await findSecret(rt.store, rt, ref);
        const patch = decide(secret);
        const updated = await rt.store.secrets.update(secret.secretName, { ...patch, updatedAt: rt.clock.now() }, secret.revision);
        if (updated) {
            await rt.store.notify('secret', secret.secretName);
            return updated;
        }
    }
    throw KmsErrors.stateModifiedFailed('The secret was modified concurrently; retry the request.');
}
/** Like updateSecret, for a secret that must not be waiting out its recovery window. */
export function updateLiveSecret(rt, ref, decide) {
    return updateSecret(rt, ref, (secret) => {
        requireNotDeleting(secret);
        return decide(secret);
    });
}
/** Removes a secret with its versions, stages and tags at once; true when it existed. */
export async function purgeSecret(rt, secretName) {
    return rt.store.tx(async (tx) => {
        const gone = await tx.secrets.destroy(secretName);
        if (gone)
            await tx.notify('secret', secretName);
        return gone;
    });
}
/**
 * DeleteSecret: schedules deletion after `recoveryWindowDays`, or with `force` destroys the secret now (also one
 * already scheduled). Scheduling a secret that is already scheduled is Rejected.ResourceInDeleteWindow.
 * Returns the planned deletion time (now, when forced).
 */
export async function deleteSecret(rt, ref, opts) {
    if (opts.force) {
        const secret = await findSecret(rt.store, rt, ref);
        await purgeSecret(rt, secret.secretName);
        return { secretName: secret.secretName, plannedDeleteTime: rt.clock.now() };
    }
    const planned = rt.clock.now() + opts.recoveryWindowDays * DAY;
    const updated = await updateLiveSecret(rt, ref, () => ({ plannedDeleteTime: planned }));
    return { secretName: updated.secretName, plannedDeleteTime: planned };
}
/** RestoreSecret: cancels a scheduled deletion; restoring a secret that is not scheduled changes nothing. */
export async function restoreSecret(rt, ref) {
    const secret = await findSecret(rt.store, rt, ref);
    if (secret.plannedDeleteTime === null)
        return secret.secretName;
    return (await updateSecret(rt, ref, () => ({ plannedDeleteTime: null }))).secretName;
}
/**
 * Purges `secret` as read by the due-scan, provided it has not changed since (a RestoreSecret that won the race
 * keeps it). Claiming it by its revision and destroying it commit together, so exactly one process purges it.
 */
export async function purgeDueSecret(rt, secret, now) {
    return rt.store.tx(async (tx) => {
        if (secret.plannedDeleteTime === null || secret.plannedDeleteTime > now)
            return false;
        if (!(await tx.secrets.update(secret.secretName, { updatedAt: now }, secret.revision)))
            return false;
        await tx.secrets.destroy(secret.secretName);
        await tx.notify('secret', secret.secretName);
        return true;
    });
}
