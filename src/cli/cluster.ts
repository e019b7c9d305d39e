/**
 * `openkms serve --workers N`: one primary process and N workers (node:cluster) that share the listening
 * ports, so a machine's cores all serve. Workers are separate processes on the same database, so they give
 * each other exactly the guarantees separate nodes do (docs/deployment.md). The primary initialises the
 * database once, forks the workers, prints the banner when all listen, replaces a worker that dies, and on
 * SIGTERM/SIGINT asks every worker to drain (stop accepting, finish in-flight requests, exit).
 */
import cluster, { type Worker } from 'node:cluster'
import type { KmsConfig } from '../config.js'
import { clusterSource, startMetricsServer } from '../metrics/server.js'
import { initRuntime, startApp, type App } from '../runtime/app.js'
import type { AccessKeyPair } from '../services/access/access-keys.js'

/** A worker that has not drained by then is killed; a load balancer's drain timeout should be longer. */
export const SHUTDOWN_TIMEOUT_MS = 30_000
const FIRST_RESTART_DELAY_MS = 100
const MAX_RESTART_DELAY_MS = 10_000
/** A worker that ran this long before dying resets the restart backoff. */
const STABLE_AFTER_MS = 30_000
/** Workers that die before the cluster first listens: this many means start-up itself fails; give up. */
const MAX_FAILED_STARTS = 3

/** What the banner shows once every worker listens. */
export interface ClusterStarted {
  url: string
  instanceUrl: string
  instanceId: string
  createdAccessKey?: AccessKeyPair
  /** `/metrics`, when OPENKMS_METRICS_PORT is set. */
  metricsUrl?: string
}

/** `--workers` / OPENKMS_WORKERS: a whole number from 1 to 256 (1 serves in this process, no cluster). */
export function checkWorkerCount(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--workers / OPENKMS_WORKERS: expected 1 to 256, got ${n}`)
}

type WorkerMessage = { type: 'listening'; url: string; instanceUrl: string } | { type: 'shutdown' } | { type: 'reload-tls' }

/** Runs this process as the primary: initialise once, fork, supervise, drain on signals. */
export async function runPrimary(config: KmsConfig, announce: (started: ClusterStarted) => void): Promise<void> {
  const init = await initRuntime(config)
  const { instanceId } = init.runtime
  init.runtime.keyPool.close()
  await init.runtime.cryptoPool.close()
  await init.runtime.store.close()
  const log = init.runtime.log.child({ role: 'primary' })

  let stopping = false
  let announced = false
  let restartDelay = FIRST_RESTART_DELAY_MS
  let failedStarts = 0
  const listening = new Set<Worker>()
  const live = new Map<Worker, number>()

  const fork = (): void => {
    const worker = cluster.fork()
    live.set(worker, Date.now())
    worker.on('message', (m: WorkerMessage) => {
      if (m.type !== 'listening') return
      listening.add(worker)
      if (!announced && listening.size >= config.workers) {
        announced = true
        announce({ url: m.url, instanceUrl: m.instanceUrl, instanceId, createdAccessKey: init.createdAccessKey, metricsUrl })
      }
    })
  }

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (live.get(worker) ?? 0)
    live.delete(worker)
    const hadStarted = listening.delete(worker)
    if (stopping) {
      if (live.size === 0) process.exit(0)
      return
    }
    if (!announced && !hadStarted && ++failedStarts >= MAX_FAILED_STARTS) {
      log.fatal({ code, signal }, 'workers fail to start; giving up')
      stopping = true
      for (const w of live.keys()) w.process.kill('SIGKILL')
      process.exit(1)
    }
    if (lived > STABLE_AFTER_MS) restartDelay = FIRST_RESTART_DELAY_MS
    log.error({ worker: worker.process.pid, code, signal, restartInMs: restartDelay }, 'worker died; starting a replacement')
    setTimeout(() => !stopping && fork(), restartDelay)
    restartDelay = Math.min(MAX_RESTART_DELAY_MS, restartDelay * 2)
  })

  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down: workers drain')
    if (live.size === 0) process.exit(0)
    for (const w of live.keys()) if (w.isConnected()) w.send({ type: 'shutdown' } satisfies WorkerMessage)
    setTimeout(() => {
      for (const w of live.keys()) w.process.kill('SIGKILL')
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS + 1_000).unref()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  // Certificate files are re-read by each worker: the primary passes the signal on.
  process.on('SIGHUP', () => {
    for (const w of live.keys()) if (w.isConnected()) w.send({ type: 'reload-tls' } satisfies WorkerMessage)
  })

  // The primary serves /metrics for the whole machine: each scrape asks every worker and sums.
  const metricsUrl =
    config.metricsPort === undefined
      ? undefined
      : (await startMetricsServer(config.metricsHost, config.metricsPort, clusterSource(), (err) => log.error({ err }, 'metrics scrape failed'))).url

  for (let i = 0; i < config.workers; i++) fork()
}

/**
 * Serves in this process until told to stop: by SIGTERM/SIGINT, by the primary (as a cluster worker), or when
 * the primary is gone (the IPC channel closes). Stopping drains: no new connections, in-flight requests
 * finish, the store closes; a drain that takes longer than SHUTDOWN_TIMEOUT_MS ends with exit code 1.
 */
export async function serveUntilStopped(config: KmsConfig, onListening: (app: App) => void): Promise<void> {
  // Stop requests are listened for before start-up: one that arrives while the store and servers are still
  // opening (a replacement worker told to drain right away) is acted on once they are up, not lost.
  let app: App | undefined
  let requested: string | undefined
  let stopping = false
  const stop = async (reason: string) => {
    if (!app) return void (requested ??= reason)
    if (stopping) return
    stopping = true
    app.runtime.log.info({ reason, pid: process.pid }, 'draining')
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref()
    await app.close()
    process.exit(0)
  }
  if (cluster.isWorker) {
    process.on('message', (m: WorkerMessage) => {
      if (m.type === 'shutdown') void stop('primary asked')
      if (m.type === 'reload-tls') app?.reloadTls()
    })
    process.on('disconnect', () => void stop('primary gone'))
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  // SIGHUP: serve renewed certificate files to new connections; open connections keep going.
  if (!cluster.isWorker) process.on('SIGHUP', () => app?.reloadTls())
  app = await startApp(config)
  if (requested !== undefined) return stop(requested)
  onListening(app)
}

/** Runs this process as a cluster worker: serve, and report the endpoint to the primary. */
export function runWorker(config: KmsConfig): Promise<void> {
  return serveUntilStopped(config, (app) =>
    process.send?.({ type: 'listening', url: app.url, instanceUrl: app.instanceUrl } satisfies WorkerMessage),
  )
}
