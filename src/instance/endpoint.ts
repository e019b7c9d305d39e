/**
 * The running instance API: the HTTPS server on its own port (OPENKMS_INSTANCE_PORT) wired to the request
 * pipeline, the client-key and grant cache, and a periodic check that reissues the server certificate before it
 * expires (or when the configured host names change) and serves the new one without a restart.
 */
import type { Runtime } from '../services/context.js'
import { HOUR } from '../domain/time.js'
import { authorizeInstanceCall } from '../services/access/authorizer.js'
import { startInstanceServer } from './https-server.js'
import { handleInstanceRequest, type InstanceDeps } from './handle-instance.js'
import { clientAddressResolver } from './client-address.js'
import { createGrantCache } from './grant-cache.js'
import { initialVersionIndex } from './initial-versions.js'
import { INSTANCE_APIS } from './apis/index.js'
import type { RequestObserver } from '../audit/request-observer.js'

const RENEWAL_CHECK_MS = 12 * HOUR

export interface RunningInstanceEndpoint {
  /** e.g. https://127.0.0.1:18443 */
  url: string
  port: number
  close(): Promise<void>
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
  /** Builds the request observer; it may ask the grant cache for a client key's application access point. */
  observer?: (aapOf: (clientKeyId: string) => Promise<string | undefined>) => RequestObserver,
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
    authorize: (call) => authorizeInstanceCall(rt, { ...call, now: rt.clock.now() }, grants.get),
    initialVersionId: (keyId) => versions.lookup(keyId),
    observer: observer?.(async (id) => (await grants.get(id))?.clientKey.aapName),
  }
  const server = await startInstanceServer({
    host: rt.config.host,
    port: rt.config.instancePort,
    tls: { keyPem: tls.serverKeyPem, certChainPem: tls.serverCertChainPem },
    log: rt.log,
    limits: rt.config.limits,
    requestId: () => rt.ids.requestId(),
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
