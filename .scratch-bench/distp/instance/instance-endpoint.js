import { decideAccess } from '../domain/access-policy.js';
import { HOUR } from '../domain/time.js';
import { ensureInstanceTls } from '../services/instance-tls.js';
import { startInstanceServer } from './https-server.js';
import { handleInstanceRequest } from './handle-instance.js';
import { clientAddressResolver } from './client-address.js';
import { createGrantCache } from './grant-cache.js';
import { initialVersionIndex } from './initial-versions.js';
import { INSTANCE_APIS } from './apis/index.js';
const RENEWAL_CHECK_MS = 12 * HOUR;
const RESOURCE_KIND = { CryptoServiceKeyUser: 'key/', CryptoServiceSecretUser: 'secret/' };
/**
 * The decision for one call (domain/access-policy.ts decideAccess). A call on no particular resource
 * (GenerateRandom) is granted by any policy that grants the permission on any resource of its kind: it is asked
 * about every pattern of that kind the policies list, each of which covers itself.
 */
function decide(grants, q, rt) {
    if (!grants)
        return { allowed: false, reason: 'the client key does not exist' };
    const kind = RESOURCE_KIND[q.permission];
    const resources = q.resources === 'any' ? grants.policies.flatMap((p) => p.resources.filter((r) => r.startsWith(kind))) : q.resources;
    return decideAccess({
        instanceId: rt.instanceId,
        clientKey: grants.clientKey,
        policies: grants.policies,
        permission: q.permission,
        resources,
        sourceIp: q.sourceIp,
        now: rt.clock.now(),
    });
}
export async function startInstanceEndpoint(rt, tls) {
    const grants = createGrantCache(rt.store);
    const versions = initialVersionIndex(rt.store);
    const deps = {
        runtime: rt,
        apis: INSTANCE_APIS,
        lookupClientKey: async (id) => {
            const key = (await grants.get(id))?.clientKey;
            return key && { certificatePem: key.certificatePem, notBefore: key.notBefore, notAfter: key.notAfter };
        },
        clientAddress: clientAddressResolver(rt.config.trustedProxies),
        isAllowed: async (q) => decide(await grants.get(q.clientKeyId), q, rt),
        initialVersionId: (keyId) => versions.lookup(keyId),
    };
    const server = await startInstanceServer({
        host: rt.config.host,
        port: rt.config.instancePort,
        tls: { keyPem: tls.serverKeyPem, certChainPem: tls.serverCertChainPem },
        log: rt.log,
        handle: (req) => handleInstanceRequest(req, deps),
    });
    let served = tls.serverCertChainPem;
    const renew = async () => {
        const next = await ensureInstanceTls(rt);
        if (next.serverCertChainPem === served)
            return;
        server.setTls({ keyPem: next.serverKeyPem, certChainPem: next.serverCertChainPem });
        served = next.serverCertChainPem;
    };
    const timer = setInterval(() => renew().catch((err) => rt.log.error({ err }, 'instance API certificate renewal failed')), RENEWAL_CHECK_MS);
    timer.unref();
    return {
        url: server.url,
        port: server.port,
        async close() {
            clearInterval(timer);
            await server.close();
            grants.close();
            versions.close();
        },
    };
}
