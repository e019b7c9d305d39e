/**
 * The running instance API: the HTTPS server on its own port (OPENKMS_INSTANCE_PORT) wired to the request
 * pipeline, the client-key and grant cache, and a periodic check that reissues the server certificate before it
 * expires (or when the configured host names change) and serves the new one without a restart.
 */
import type { Runtime } from '../services/context.js'
import { decideAccess, type Permission } from '../domain/access-policy.js'
import { HOUR } from '../domain/time.js'
import type { ClientKeyGrants } from '../services/access/authorizer.js'
import { startInstanceServer } from './https-server.js'
import { handleInstanceRequest, type AccessQuestion, type InstanceDeps } from './handle-instance.js'
import { clientAddressResolver } from './client-address.js'
import { createGrantCache } from './grant-cache.js'
import { initialVersionIndex } from './initial-versions.js'
import { INSTANCE_APIS } from './apis/index.js'

const RENEWAL_CHECK_MS = 12 * HOUR

export interface RunningInstanceEndpoint {
  /** e.g. https://127.0.0.1:18443 */
  url: string
  port: number
  close(): Promise<void>
}

const RESOURCE_KIND: Record<Permission, string> = { CryptoServiceKeyUser: 'key/', CryptoServiceSecretUser: 'secret/' }

/**
 * The decision for one call (domain/access-policy.ts decideAccess). A call on no particular resource
 * (GenerateRandom) is granted by any policy that grants the permission on any resource of its kind: it is asked
 * about every pattern of that kind the policies list, each of which covers itself.
 */
function decide(grants: ClientKeyGrants | undefined, q: AccessQuestion, rt: Runtime): { allowed: boolean; reason?: string } {
  if (!grants) return { allowed: false, reason: 'the client key does not exist' }
  const kind = RESOURCE_KIND[q.permission]
  const resources = q.resources === 'any' ? grants.policies.flatMap((p) => p.resources.filter((r) => r.startsWith(kind))) : q.resources
  return decideAccess({
    instanceId: rt.instanceId,
    clientKey: grants.clientKey,
    policies: grants.policies,
    permission: q.permission,
    resources,
    sourceIp: q.sourceIp,
    now: rt.clock.now(),
  })
}

/** The TLS identity the endpoint serves; start-up creates it and `renewTls` reissues it when it nears expiry. */
export interface ServedTls {
  serverKeyPem: string
  serverCertChainPem: string
}

export async function startInstanceEndpoint(
  rt: Runtime,
  tls: ServedTls,
  renewTls: () => Promise<ServedTls>,
): Promise<RunningInstanceEndpoint> {
  const grants = createGrantCache(rt.store)
  const versions = initialVersionIndex(rt.store)
  const deps: InstanceDeps = {
    runtime: rt,
    apis: INSTANCE_APIS,
    lookupClientKey: async (id) => {
      const key = (await grants.get(id))?.clientKey
      return key && { certificatePem: key.certificatePem, notBefore: key.notBefore, notAfter: key.notAfter }
    },
    clientAddress: clientAddressResolver(rt.config.trustedProxies),
    isAllowed: async (q) => decide(await grants.get(q.clientKeyId), q, rt),
    initialVersionId: (keyId) => versions.lookup(keyId),
  }
  const server = await startInstanceServer({
    host: rt.config.host,
    port: rt.config.instancePort,
    tls: { keyPem: tls.serverKeyPem, certChainPem: tls.serverCertChainPem },
    log: rt.log,
    handle: (req) => handleInstanceRequest(req, deps),
  })
  let served = tls.serverCertChainPem
  const renew = async () => {
    const next = await renewTls()
    if (next.serverCertChainPem === served) return
    server.setTls({ keyPem: next.serverKeyPem, certChainPem: next.serverCertChainPem })
    served = next.serverCertChainPem
  }
  const timer = setInterval(() => renew().catch((err) => rt.log.error({ err }, 'instance API certificate renewal failed')), RENEWAL_CHECK_MS)
  timer.unref()
  return {
    url: server.url,
    port: server.port,
    async close() {
      clearInterval(timer)
      await server.close()
      grants.close()
      versions.close()
    },
  }
}
