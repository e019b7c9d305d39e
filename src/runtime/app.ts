/**
 * Assembles a running openkms from a config: root key → store → runtime → protocol servers → jobs.
 * Used by `openkms serve`, the tests and the benchmarks alike.
 */
import cluster from 'node:cluster'
import pino, { type Logger } from 'pino'
import type { KmsConfig } from '../config.js'
import type { Runtime } from '../services/context.js'
import type { Store } from '../store/store.js'
import { systemClock, type Clock } from '../domain/clock.js'
import { randomIds, type Ids } from '../domain/ids.js'
import { rootKeyring } from '../services/keyring.js'
import { loadOrCreateRootKey } from './root-key.js'
import { openStore } from '../store/open-store.js'
import { createKeyPool } from './key-pool.js'
import { CryptoPool } from '../crypto/crypto-pool.js'
import { createKeyCache } from '../services/keys/key-cache.js'
import { applySeed, readSeedFile } from './seed.js'
import { createAccessKey, putAccessKey, type AccessKeyPair } from '../services/access/access-keys.js'
import { credentialLookup } from '../services/identity/credentials.js'
import { createAuthorizer } from '../services/identity/authorizer.js'
import { clientAddressResolver } from '../instance/client-address.js'
import { NonceGuard } from '../protocol/nonce-guard.js'
import { startHttpServer, type RunningHttpServer } from '../protocol/http-server.js'
import { databaseInitialised, ensureRootKeyMatches } from './root-key-check.js'
import { storeReadiness } from './readiness.js'
import { JOBS, createScheduler, type Scheduler } from '../jobs/index.js'
import { ensureInstanceTls, type InstanceTls } from './instance-tls.js'
import { startInstanceEndpoint } from '../instance/endpoint.js'
import { PRODUCTS } from '../actions/index.js'
import { INSTANCE_API_NAMES } from '../instance-wire/proto.js'
import { sealKeyFromRootKey, type SealSigner } from '../audit/seal-key.js'
import { openAuditLog } from '../audit/open-audit-log.js'
import { createRequestObserver, type RequestObserver } from '../audit/request-observer.js'
import { createMetrics } from '../metrics/metrics.js'
import { instrumentStore, timedNonces } from '../metrics/instrument.js'
import { registrySource, serveMetricsToPrimary, startMetricsServer, type RunningMetricsServer } from '../metrics/server.js'
import { controlPlaneTransport, readCertificateFiles } from './tls-certificate.js'
import { startHealthProbe, type StoreHealth } from './health-probe.js'
import { writeProbeOf } from '../store/write-probe.js'

export interface AppOptions {
  clock?: Clock
  ids?: Ids
  log?: Logger
  /** Pre-generated RSA pairs per spec (default 2; 0 disables the pool). */
  keyPoolSize?: number
  /** Period of the background jobs (rotation, deletion, purges) in ms; default 30 s, 0 = only `jobs.runDue()`. */
  jobPeriodMs?: number
}

export interface App {
  runtime: Runtime
  /** Control-plane endpoint, e.g. http://127.0.0.1:18080 */
  url: string
  port: number
  /** Instance API (data plane) endpoint, e.g. https://127.0.0.1:18443 */
  instanceUrl: string
  instancePort: number
  /** Set when this start created the first AccessKey (its secret is shown once). */
  createdAccessKey?: AccessKeyPair
  rootKeyCreated: boolean
  /** `/metrics` when this process serves it (OPENKMS_METRICS_PORT, not in a cluster's workers). */
  metricsUrl?: string
  /** The background jobs; tests call `jobs.runDue(now)`. */
  jobs: Scheduler
  /** The private CA file (`PrivateKmsCA_<instanceId>.pem`) that verifies both servers' default certificate. */
  caFilePath: string
  /** Store write probe behind `/readyz`. */
  health: StoreHealth
  /** Re-reads OPENKMS_TLS_CERT_FILE/KEY_FILE and serves them to new connections (SIGHUP); false if not applicable or invalid. */
  reloadTls(): boolean
  close(): Promise<void>
}

/** Opens the data directory and store, and makes sure the instance id, its TLS identity and an AccessKey exist. */
export async function initRuntime(
  config: KmsConfig,
  opts: AppOptions = {},
): Promise<{ runtime: Runtime; createdAccessKey?: AccessKeyPair; rootKeyCreated: boolean; instanceTls: InstanceTls; auditSigner: SealSigner }> {
  const log = opts.log ?? pino({ level: config.logLevel, redact: ['*.accessKeySecret', '*.material', '*.Plaintext', '*.SecretData'] })
  // The store opens first: whether it already holds data decides if a missing root key may be created.
  const store: Store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
  const root = await (async () => {
    const loaded = loadOrCreateRootKey(config, { databaseInitialised: await databaseInitialised(store) })
    await ensureRootKeyMatches(store, loaded.key)
    return loaded
  })().catch(async (err: unknown) => {
    await store.close()
    throw err
  })
  if (root.warning) log.warn(root.warning)
  const ids = opts.ids ?? randomIds(config.region)
  const instanceId = await store.tx(async (tx) => {
    const existing = await tx.meta.get('instanceId')
    if (existing) return existing
    const created = ids.instanceId()
    await tx.meta.put('instanceId', created)
    return created
  })
  const keyring = rootKeyring(root.key)
  const runtime: Runtime = {
    store,
    clock: opts.clock ?? systemClock,
    ids,
    config,
    keyring,
    log,
    instanceId,
    keyPool: createKeyPool({ size: opts.keyPoolSize ?? 2 }),
    keyCache: createKeyCache(store, keyring, config, { maxKeys: config.keyCacheSize }),
    cryptoPool: new CryptoPool(),
  }
  let createdAccessKey: AccessKeyPair | undefined
  if (config.accessKeyId && config.accessKeySecret)
    await putAccessKey(runtime, { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret }, 'from environment')
  else if ((await store.accessKeys.list()).length === 0) createdAccessKey = await createAccessKey(runtime, 'admin (created at init)')
  const instanceTls = await ensureInstanceTls(runtime)
  return { runtime, createdAccessKey, rootKeyCreated: root.created, instanceTls, auditSigner: sealKeyFromRootKey(root.key) }
}

export async function startApp(config: KmsConfig, opts: AppOptions = {}): Promise<App> {
  const { runtime, createdAccessKey, rootKeyCreated, instanceTls, auditSigner } = await initRuntime(config, opts)
  if (config.seedFile) {
    try {
      const report = await applySeed(runtime, readSeedFile(config.seedFile))
      runtime.log.info({ created: report.created.length, existing: report.existing.length, file: config.seedFile }, 'seed applied')
    } catch (e) {
      runtime.keyPool.close()
      await runtime.cryptoPool.close()
      await runtime.store.close()
      throw e
    }
  }
  const metrics = createMetrics()
  instrumentStore(runtime.store, metrics)
  const audit = await openAuditLog({
    config,
    store: runtime.store,
    signer: auditSigner,
    now: () => runtime.clock.now(),
    log: runtime.log,
    onWrite: metrics.observeAuditWrite,
  })
  metrics.attach({ store: runtime.store, keyCache: runtime.keyCache, cryptoPool: runtime.cryptoPool, now: () => runtime.clock.now(), audit: audit?.log })
  const observer = (aapOf?: (clientKeyId: string) => Promise<string | undefined>): RequestObserver =>
    createRequestObserver({
      audit: audit?.log,
      failOpen: config.auditFailOpen,
      metrics: metrics.requests,
      scope: config,
      now: () => runtime.clock.now(),
      log: runtime.log,
      clientAddress: clientAddressResolver(config.trustedProxies),
      isKnownAction: (plane, name) =>
        plane === 'openapi' ? PRODUCTS.some((p) => p.find(name) !== undefined) : (INSTANCE_API_NAMES as readonly string[]).includes(name),
      aapOf,
    })
  let metricsServer: RunningMetricsServer | undefined
  if (config.metricsPort !== undefined) {
    if (cluster.isWorker) serveMetricsToPrimary(metrics.registry)
    else
      metricsServer = await startMetricsServer(config.metricsHost, config.metricsPort, registrySource(metrics.registry), (err) =>
        runtime.log.error({ err }, 'metrics scrape failed'),
      )
  }
  const health = startHealthProbe({
    probe: writeProbeOf(runtime.store),
    intervalMs: config.healthProbeSeconds * 1000,
    timeoutMs: config.healthProbeTimeoutSeconds * 1000,
    log: runtime.log,
  })
  const nonces = new NonceGuard(timedNonces(runtime.store.nonces, metrics), runtime.clock, {
    onError: (err) => {
      runtime.log.error({ err }, 'nonce store failure')
      health.reportFailure(err)
    },
  })
  runtime.keyPool.warm()
  const jobs = createScheduler(runtime, { periodMs: opts.jobPeriodMs ?? 30_000 })
  for (const job of JOBS) jobs.register(job)
  let draining = false
  const storeReady = await storeReadiness(runtime.store, () => draining)
  const transport = controlPlaneTransport(config, instanceTls)
  if (transport.scheme === 'http' && transport.why === 'allowed')
    runtime.log.warn({ host: config.host }, 'plain HTTP on a non-loopback address (OPENKMS_ALLOW_HTTP): put a TLS proxy in front')
  const http: RunningHttpServer = await startHttpServer(
    {
      runtime,
      auth: { clock: runtime.clock, lookupCredential: credentialLookup(runtime), nonces },
      authorize: createAuthorizer(runtime),
      clientAddress: clientAddressResolver(config.trustedProxies),
      onStoreFailure: health.reportFailure,
      observer: observer(),
    },
    {
      host: config.host,
      port: config.port,
      // Failing closed, a node whose audit log cannot persist serves only refusals: it reports itself unready.
      ready: async () => health.healthy() && (await storeReady()) && (!audit || audit.log.healthy || config.auditFailOpen),
      limits: config.limits,
      tls: transport.scheme === 'https' ? transport.tls : undefined,
      storeUnavailable: health.unavailable,
    },
  )
  const instance = await startInstanceEndpoint(
    runtime,
    instanceTls,
    async () => {
      const next = await ensureInstanceTls(runtime)
      // The control plane serving the private CA's certificate follows its renewals.
      if (transport.scheme === 'https' && transport.source === 'private-ca')
        http.setTls({ keyPem: next.serverKeyPem, certChainPem: next.serverCertChainPem })
      return next
    },
    observer,
  )
  jobs.start()
  return {
    runtime,
    url: http.url,
    port: http.port,
    caFilePath: instanceTls.caFilePath,
    health,
    reloadTls() {
      if (transport.scheme !== 'https' || transport.source !== 'files') return false
      try {
        http.setTls(readCertificateFiles(transport.certFile, transport.keyFile))
        runtime.log.info({ certFile: transport.certFile }, 'control-plane certificate reloaded')
        return true
      } catch (err) {
        runtime.log.error({ err }, 'control-plane certificate reload failed; the previous certificate is still served')
        return false
      }
    },
    instanceUrl: instance.url,
    instancePort: instance.port,
    createdAccessKey,
    rootKeyCreated,
    jobs,
    metricsUrl: metricsServer?.url,
    async close() {
      draining = true
      health.close()
      await instance.close()
      await http.close()
      await audit?.close()
      await metricsServer?.close()
      await jobs.stop()
      await nonces.close()
      runtime.keyPool.close()
      await runtime.cryptoPool.close()
      await runtime.store.close()
    },
  }
}
