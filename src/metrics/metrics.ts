/**
 * The process's Prometheus metrics (prom-client), served by server.ts and summed across `--workers`
 * processes by the primary (cluster.ts). Request counters and latencies come from the request observer;
 * gauges that describe shared state (certificates, rotations due) are read when scraped and aggregated with
 * `min`/`max` so N workers do not multiply them.
 */
import { X509Certificate } from 'node:crypto'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Store } from '../store/store.js'
import type { KeyCache } from '../services/keys/key-cache.js'
import { CA_META, SERVER_META, type StoredCa, type StoredServerCert } from '../services/instance/instance-ca.js'
import type { CryptoPool } from '../crypto/crypto-pool.js'
import type { RequestMetrics } from './request-metrics.js'

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Keys counted for `openkms_keys_rotation_due` at most (the gauge saturates there). */
const ROTATION_DUE_LIMIT = 10_000

export interface MetricSources {
  store: Store
  keyCache: KeyCache
  cryptoPool: CryptoPool
  now: () => number
  audit?: { backlog: number; dropped: number; healthy: boolean }
}

export interface Metrics {
  readonly registry: Registry
  readonly requests: RequestMetrics
  /** Times one nonce-claim batch. */
  observeNonceClaim(seconds: number): void
  /** Times one database operation (`tx`, `sync`, …). */
  observeDatabase(op: string, seconds: number): void
  observeAuditWrite(sink: string, seconds: number, ok: boolean): void
  /** Connects the gauges read at scrape time. */
  attach(sources: MetricSources): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'openkms_' })
  let sources: MetricSources | undefined

  const requestsTotal = new Counter({
    name: 'openkms_requests_total',
    help: 'Requests by plane, action and result code (Success or the error code returned).',
    labelNames: ['plane', 'action', 'code', 'status'],
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'openkms_request_duration_seconds',
    help: 'Request latency from arrival to response, by plane and action.',
    labelNames: ['plane', 'action'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const inFlight = new Gauge({ name: 'openkms_requests_in_flight', help: 'Requests being served.', labelNames: ['plane'], registers: [registry] })
  const nonce = new Histogram({
    name: 'openkms_nonce_claim_duration_seconds',
    help: 'Latency of one nonce-claim batch (replay protection) in the nonce store.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const database = new Histogram({
    name: 'openkms_database_duration_seconds',
    help: 'Latency of database operations: tx (a transaction, lock wait included), sync (catching up with changes).',
    labelNames: ['op'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const auditWrite = new Histogram({
    name: 'openkms_audit_write_duration_seconds',
    help: 'Latency of one audit group commit, by sink and result.',
    labelNames: ['sink', 'result'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  new Gauge({
    name: 'openkms_audit_backlog',
    help: 'Audit events waiting to be written.',
    registers: [registry],
    collect() {
      this.set(sources?.audit?.backlog ?? 0)
    },
  })
  new Gauge({
    name: 'openkms_audit_healthy',
    help: '1 while every audit sink accepts writes (0: requests are refused unless failing open).',
    registers: [registry],
    aggregator: 'min',
    collect() {
      this.set(sources?.audit ? (sources.audit.healthy ? 1 : 0) : 1)
    },
  })
  new Counter({
    name: 'openkms_audit_events_dropped_total',
    help: 'Audit events that could not be persisted (their requests were refused, or served when failing open).',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(sources?.audit?.dropped ?? 0)
    },
  })
  new Counter({
    name: 'openkms_key_cache_lookups_total',
    help: 'Key cache lookups answered from memory (hit) or from the store (miss).',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const stats = sources?.keyCache.lookups()
      this.reset()
      this.inc({ result: 'hit' }, stats?.hits ?? 0)
      this.inc({ result: 'miss' }, stats?.misses ?? 0)
    },
  })
  new Gauge({
    name: 'openkms_crypto_queue_depth',
    help: 'Asymmetric crypto tasks waiting for a worker thread (state=queued) or being run by one (state=running).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const depth = sources?.cryptoPool.depth ?? { queued: 0, running: 0 }
      this.set({ state: 'queued' }, depth.queued)
      this.set({ state: 'running' }, depth.running)
    },
  })
  new Gauge({
    name: 'openkms_certificate_expiry_timestamp_seconds',
    help: 'When the instance API certificates expire (Unix seconds): the server certificate, the root and the second CA.',
    labelNames: ['certificate'],
    registers: [registry],
    aggregator: 'min',
    async collect() {
      if (!sources) return
      const [caText, serverText] = await Promise.all([sources.store.meta.get(CA_META), sources.store.meta.get(SERVER_META)])
      const expiry = (pem: string) => Date.parse(new X509Certificate(pem).validTo) / 1000
      if (caText) {
        const ca = JSON.parse(caText) as StoredCa
        this.set({ certificate: 'instance-root-ca' }, expiry(ca.rootCertPem))
        this.set({ certificate: 'instance-ca' }, expiry(ca.subCaCertPem))
      }
      if (serverText) this.set({ certificate: 'instance-server' }, expiry((JSON.parse(serverText) as StoredServerCert).certPem))
    },
  })
  new Gauge({
    name: 'openkms_keys_rotation_due',
    help: `Keys whose automatic rotation is due now and not yet done (saturates at ${ROTATION_DUE_LIMIT}).`,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      if (!sources) return
      this.set((await sources.store.keys.dueForRotation(sources.now(), ROTATION_DUE_LIMIT)).length)
    },
  })

  return {
    registry,
    requests: {
      started: (plane) => inFlight.inc({ plane }),
      finished(plane, action, code, status, seconds) {
        inFlight.dec({ plane })
        requestsTotal.inc({ plane, action, code, status: String(status) })
        duration.observe({ plane, action }, seconds)
      },
    },
    observeNonceClaim: (seconds) => nonce.observe(seconds),
    observeDatabase: (op, seconds) => database.observe({ op }, seconds),
    observeAuditWrite: (sink, seconds, ok) => auditWrite.observe({ sink, result: ok ? 'ok' : 'failed' }, seconds),
    attach(s) {
      sources = s
    },
  }
}
