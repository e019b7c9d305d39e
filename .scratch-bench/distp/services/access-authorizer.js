import { KmsErrors } from '../domain/errors.js';
import { decideAccess } from '../domain/access-policy.js';
/** The client key with its AAP's policies and their network rules resolved; undefined for an unknown key. */
export async function loadClientKeyGrants(repos, clientKeyId) {
    const clientKey = await repos.access.clientKeys.get(clientKeyId);
    if (!clientKey)
        return undefined;
    const aap = await repos.access.aaps.get(clientKey.aapName);
    const policies = aap ? await repos.access.policies.getMany(aap.policies) : [];
    const ruleNames = [...new Set(policies.flatMap((p) => p.networkRules))];
    const rules = new Map((await repos.access.networkRules.getMany(ruleNames)).map((r) => [r.name, r]));
    return {
        clientKey,
        policies: policies.map((p) => ({
            name: p.name,
            kmsInstance: p.kmsInstance,
            permissions: p.permissions,
            resources: p.resources,
            networkRules: p.networkRules.map((name) => ({ name, sourcePrivateIps: rules.get(name)?.sourcePrivateIps ?? [] })),
        })),
    };
}
/**
 * Resolves when the client key may make the call, else throws Forbidden.NoPermission (403) naming the first
 * resource: for an unknown client key, one outside [NotBefore, NotAfter], or no granting policy. Alibaba folds
 * address denials into the same code. GetSecretValue also needs CryptoServiceKeyUser on the secret's key; the
 * caller makes that second check.
 */
export async function authorizeInstanceCall(rt, call) {
    const resource = call.resources[0] ?? '';
    const grants = await loadClientKeyGrants(rt.store, call.clientKeyId);
    const decision = grants
        ? decideAccess({ ...call, instanceId: rt.instanceId, clientKey: grants.clientKey, policies: grants.policies })
        : { allowed: false, reason: 'the client key does not exist' };
    if (!decision.allowed) {
        rt.log.debug({ clientKeyId: call.clientKeyId, resource, reason: decision.reason }, 'instance call refused');
        throw KmsErrors.noPermission(resource);
    }
}
