/**
 * Assembles a running openkms from a config: root key → store → runtime → protocol servers → jobs.
 * Used by `openkms serve`, the tests and the benchmarks alike.
 */
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
import { createAccessKey, putAccessKey, accessKeySecrets, type AccessKeyPair } from '../services/access/access-keys.js'
import { NonceGuard } from '../protocol/nonce-guard.js'
import { startHttpServer, type RunningHttpServer } from '../protocol/http-server.js'
import { ensureRootKeyMatches } from './root-key-check.js'
import { storeReadiness } from './readiness.js'
import { JOBS, createScheduler, type Scheduler } from '../jobs/index.js'
import { ensureInstanceTls, type InstanceTls } from './instance-tls.js'
import { startInstanceEndpoint } from '../instance/endpoint.js'

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
  /** The background jobs; tests call `jobs.runDue(now)`. */
  jobs: Scheduler
  close(): Promise<void>
}

/** Opens the data directory and store, and makes sure the instance id, its TLS identity and an AccessKey exist. */
export async function initRuntime(
  config: KmsConfig,
  opts: AppOptions = {},
): Promise<{ runtime: Runtime; createdAccessKey?: AccessKeyPair; rootKeyCreated: boolean; instanceTls: InstanceTls }> {
  const log = opts.log ?? pino({ level: config.logLevel, redact: ['*.accessKeySecret', '*.material', '*.Plaintext', '*.SecretData'] })
  const root = loadOrCreateRootKey(config)
  if (root.warning) log.warn(root.warning)
  const store: Store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
  await ensureRootKeyMatches(store, root.key).catch(async (err: unknown) => {
    await store.close()
    throw err
  })
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
    keyCache: createKeyCache(store, keyring, config),
    cryptoPool: new CryptoPool(),
  }
  let createdAccessKey: AccessKeyPair | undefined
  if (config.accessKeyId && config.accessKeySecret)
    await putAccessKey(runtime, { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret }, 'from environment')
  else if ((await store.accessKeys.list()).length === 0) createdAccessKey = await createAccessKey(runtime, 'admin (created at init)')
  const instanceTls = await ensureInstanceTls(runtime)
  return { runtime, createdAccessKey, rootKeyCreated: root.created, instanceTls }
}

export async function startApp(config: KmsConfig, opts: AppOptions = {}): Promise<App> {
  const { runtime, createdAccessKey, rootKeyCreated, instanceTls } = await initRuntime(config, opts)
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
  const nonces = new NonceGuard(runtime.store.nonces, runtime.clock)
  runtime.keyPool.warm()
  const jobs = createScheduler(runtime, { periodMs: opts.jobPeriodMs ?? 30_000 })
  for (const job of JOBS) jobs.register(job)
  let draining = false
  const http: RunningHttpServer = await startHttpServer(
    { runtime, auth: { clock: runtime.clock, lookupSecret: accessKeySecrets(runtime), nonces } },
    { host: config.host, port: config.port, ready: await storeReadiness(runtime.store, () => draining) },
  )
  const instance = await startInstanceEndpoint(runtime, instanceTls, () => ensureInstanceTls(runtime))
  jobs.start()
  return {
    runtime,
    url: http.url,
    port: http.port,
    instanceUrl: instance.url,
    instancePort: instance.port,
    createdAccessKey,
    rootKeyCreated,
    jobs,
    async close() {
      draining = true
      await instance.close()
      await http.close()
      await jobs.stop()
      await nonces.close()
      runtime.keyPool.close()
      await runtime.cryptoPool.close()
      await runtime.store.close()
    },
  }
}
