import { ReferenceViolation, UniqueViolation, accessChangeId } from '../store/store.js';
import { KmsErrors } from '../domain/errors.js';
/**
 * Runs `fn` in a transaction and translates store refusals: a duplicate name → Rejected.ResourceExist (409),
 * a missing referenced object → Forbidden.ResourceNotFound (404), deleting a referenced one →
 * Rejected.ResourceInUse (409) naming its users.
 */
export async function inAccessTx(rt, fn) {
    try {
        return await rt.store.tx(fn);
    }
    catch (e) {
        if (e instanceof UniqueViolation)
            throw KmsErrors.resourceExists(e.what);
        if (e instanceof ReferenceViolation)
            throw e.kind === 'missing'
                ? KmsErrors.resourceNotFound(e.what)
                : KmsErrors.resourceInUse(e.what, e.by.length > 0 ? e.by.join(', ') : 'other objects');
        throw e;
    }
}
export async function requireNetworkRule(repos, name) {
    const rule = await repos.access.networkRules.get(name);
    if (!rule)
        throw KmsErrors.resourceNotFound(`network rule ${name}`);
    return rule;
}
export async function requirePolicy(repos, name) {
    const policy = await repos.access.policies.get(name);
    if (!policy)
        throw KmsErrors.resourceNotFound(`policy ${name}`);
    return policy;
}
export async function requireAap(repos, name) {
    const aap = await repos.access.aaps.get(name);
    if (!aap)
        throw KmsErrors.resourceNotFound(`application access point ${name}`);
    return aap;
}
export async function createNetworkRule(rt, spec) {
    const now = rt.clock.now();
    const rule = { ...spec, type: 'Private', createdAt: now, updatedAt: now };
    return inAccessTx(rt, async (tx) => {
        await tx.access.networkRules.insert(rule);
        await tx.notify('access', accessChangeId('networkRule', rule.name));
        return rule;
    });
}
export async function updateNetworkRule(rt, name, patch) {
    await inAccessTx(rt, async (tx) => {
        if (!(await tx.access.networkRules.update(name, { ...patch, updatedAt: rt.clock.now() })))
            throw KmsErrors.resourceNotFound(`network rule ${name}`);
        await tx.notify('access', accessChangeId('networkRule', name));
    });
}
/** Refused with Rejected.ResourceInUse while a policy names the rule. */
export async function deleteNetworkRule(rt, name) {
    await inAccessTx(rt, async (tx) => {
        if (!(await tx.access.networkRules.delete(name)))
            throw KmsErrors.resourceNotFound(`network rule ${name}`);
        await tx.notify('access', accessChangeId('networkRule', name));
    });
}
/**
 * The instance a policy is scoped to: openkms serves one KMS instance, so KmsInstance defaults to it and any other
 * id names an instance that does not exist here (Forbidden.ResourceNotFound).
 */
export function policyScope(rt, kmsInstance) {
    if (kmsInstance !== undefined && kmsInstance !== rt.instanceId)
        throw KmsErrors.resourceNotFound(`KMS instance ${kmsInstance}`);
    return rt.instanceId;
}
/** Every named network rule must exist (Forbidden.ResourceNotFound naming the first missing one). */
export async function createPolicy(rt, spec) {
    const now = rt.clock.now();
    const policy = { ...spec, createdAt: now, updatedAt: now };
    return inAccessTx(rt, async (tx) => {
        if (await tx.access.policies.get(spec.name))
            throw KmsErrors.resourceExists(`policy ${spec.name}`);
        await tx.access.policies.insert(policy);
        await tx.notify('access', accessChangeId('policy', policy.name));
        return policy;
    });
}
export async function updatePolicy(rt, name, patch) {
    await inAccessTx(rt, async (tx) => {
        await requirePolicy(tx, name);
        await tx.access.policies.update(name, { ...patch, updatedAt: rt.clock.now() });
        await tx.notify('access', accessChangeId('policy', name));
    });
}
/** Refused with Rejected.ResourceInUse while an application access point names the policy. */
export async function deletePolicy(rt, name) {
    await inAccessTx(rt, async (tx) => {
        if (!(await tx.access.policies.delete(name)))
            throw KmsErrors.resourceNotFound(`policy ${name}`);
        await tx.notify('access', accessChangeId('policy', name));
    });
}
/** Every named policy must exist (Forbidden.ResourceNotFound naming the first missing one). */
export async function createAap(rt, spec) {
    const now = rt.clock.now();
    const aap = { ...spec, authenticationMethod: 'ClientKey', createdAt: now, updatedAt: now };
    return inAccessTx(rt, async (tx) => {
        if (await tx.access.aaps.get(spec.name))
            throw KmsErrors.resourceExists(`application access point ${spec.name}`);
        await tx.access.aaps.insert(aap);
        await tx.notify('access', accessChangeId('aap', aap.name));
        return aap;
    });
}
export async function updateAap(rt, name, patch) {
    await inAccessTx(rt, async (tx) => {
        await requireAap(tx, name);
        await tx.access.aaps.update(name, { ...patch, updatedAt: rt.clock.now() });
        await tx.notify('access', accessChangeId('aap', name));
    });
}
/**
 * Deletes the AAP together with its client keys, as Alibaba documents ("after an AAP is deleted, all the client
 * keys that are bound to the AAP are deleted"); each removed client key is announced so caches drop it at once.
 */
export async function deleteAap(rt, name) {
    await inAccessTx(rt, async (tx) => {
        const keys = await tx.access.clientKeys.list(name);
        if (!(await tx.access.aaps.delete(name)))
            throw KmsErrors.resourceNotFound(`application access point ${name}`);
        await tx.notify('access', accessChangeId('aap', name));
        for (const k of keys)
            await tx.notify('access', accessChangeId('clientKey', k.clientKeyId));
    });
}
