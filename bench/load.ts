/**
 * The one load generator every HTTP scenario and the bare-HTTP baseline share. wrk (bench/wrk.ts) with
 * requests signed up front when it is available; otherwise autocannon in this process, which signs each
 * request as it sends it but tops out near 6,000 requests/s on one core (the figures then say so). Keep-alive
 * connections, no pipelining, a fixed duration. Only 127.0.0.1 targets are accepted.
 */
import { createRequire } from 'node:module'
import type { SignedRequest } from '../test/support/signed-request.js'
import { runWrk } from './wrk.js'

const require = createRequire(import.meta.url)

export type Generator = 'wrk' | 'autocannon'

/** Where a load phase's requests come from. */
export interface RequestSource {
  /** Builds one request; with wrk it is called up front for every request the phase may send. */
  next: () => SignedRequest
  /**
   * Each request may be sent once (it carries a nonce): wrk gets a pool large enough for the phase.
   * Otherwise (bare-HTTP baseline, instance API) a fixed pool is cycled.
   */
  unique: boolean
}

export interface LoadOptions {
  /** 'host:port'; must be on 127.0.0.1. */
  host: string
  connections: number
  durationSec: number
  source: RequestSource
  generator: Generator
  /** wrk threads (each sends its own slice of the pool). */
  threads: number
  /** Expected requests/s, to size a pool of unique requests (from the warm-up). */
  expectedRps?: number
  /** wrk: exactly this many requests in the pool (instead of sizing it from `expectedRps`). */
  count?: number
  /** https for the instance API (its private CA's certificate is not checked). */
  https?: boolean
  /** CPU seconds used so far by the server under test (all its processes and threads), from /proc. */
  serverCpuSeconds?: () => number
}

export interface LoadResult {
  generator: Generator
  /** Successful (2xx) responses per second over the run. */
  rps: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  ok: number
  /** Non-2xx answers, socket errors and timeouts; a valid run has none. */
  failed: number
  durationSec: number
  /** Average cores the server used during the run (undefined without `serverCpuSeconds`). */
  serverCores?: number
  /** Server CPU per successful request, µs. */
  serverCpuUs?: number
  /** Average cores the load generator used during the run. */
  clientCores: number
  /** Load-generator CPU per request, µs. */
  clientCpuUs: number
  /** wrk only: times a thread ran out of unique requests (the phase should be repeated with a larger pool). */
  wrapped: number
}

/** Requests a cycled pool holds (signing them is not free; a few thousand are plenty). */
const CYCLED_POOL = 4000
/** Never sign more than this for one phase (≈ 250 MB of requests). */
const MAX_POOL = 500_000

/** Runs one load phase; results are measured over the whole phase (run a warm-up phase first). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!o.host.startsWith('127.0.0.1:')) throw new Error(`refusing to load ${o.host}: benchmarks only target 127.0.0.1`)
  return o.generator === 'wrk' ? loadWithWrk(o) : loadWithAutocannon(o)
}

async function loadWithWrk(o: LoadOptions): Promise<LoadResult> {
  const seconds = Math.max(1, Math.round(o.durationSec))
  const count = o.count !== undefined ? o.count : o.source.unique ? Math.min(MAX_POOL, Math.ceil((o.expectedRps ?? 15_000) * seconds * 1.5) + 1000) : CYCLED_POOL
  // The pool is signed before the server's CPU is first read: the measurement holds only the load.
  let before: number | undefined
  const run = await runWrk({
    url: `${o.https ? 'https' : 'http'}://${o.host}/`,
    threads: o.threads,
    connections: o.connections,
    durationSec: seconds,
    count,
    next: o.source.next,
    onStart: () => (before = o.serverCpuSeconds?.()),
  })
  const after = o.serverCpuSeconds?.()
  const failed = run.statusErrors + run.socketErrors
  const ok = run.requests - run.statusErrors
  return summarise(o, 'wrk', { ok, failed, durationSec: run.durationSec, p50Ms: run.p50Ms, p99Ms: run.p99Ms, meanMs: run.meanMs, wrapped: run.wrapped, clientCpu: run.cpuSeconds }, before, after)
}

function summarise(
  o: LoadOptions,
  generator: Generator,
  r: { ok: number; failed: number; durationSec: number; p50Ms: number; p99Ms: number; meanMs: number; wrapped: number; clientCpu: number },
  before: number | undefined,
  after: number | undefined,
): LoadResult {
  const serverCpu = before === undefined || after === undefined ? undefined : after - before
  const ok = Math.max(r.ok, 0)
  return {
    generator,
    rps: ok / r.durationSec,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    meanMs: r.meanMs,
    ok,
    failed: r.failed,
    durationSec: r.durationSec,
    serverCores: serverCpu === undefined ? undefined : serverCpu / r.durationSec,
    serverCpuUs: serverCpu === undefined || ok === 0 ? undefined : (serverCpu * 1e6) / ok,
    clientCores: r.clientCpu / r.durationSec,
    clientCpuUs: ok === 0 ? 0 : (r.clientCpu * 1e6) / ok,
    wrapped: r.wrapped,
  }
}

interface AutocannonResult {
  duration: number
  '2xx': number
  non2xx: number
  errors: number
  timeouts: number
}

interface Tracker extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void
}

async function loadWithAutocannon(o: LoadOptions): Promise<LoadResult> {
  const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Tracker
  const first = withoutLength(o.source.next())
  const tracker = autocannon({
    url: `${o.https ? 'https' : 'http'}://${o.host}`,
    connections: o.connections,
    duration: o.durationSec,
    pipelining: 1,
    timeout: 30,
    tlsOptions: o.https ? { rejectUnauthorized: false } : undefined,
    requests: [
      {
        method: first.method,
        path: first.path,
        headers: first.headers,
        body: first.body,
        setupRequest: (req: Record<string, unknown>) => {
          const r = withoutLength(o.source.next())
          return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body }
        },
      },
    ],
  })
  // autocannon's histogram has 1 ms resolution; our own record of each 2xx latency keeps the fractions.
  const latencies: number[] = []
  tracker.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms)
  })
  const cpuBefore = process.cpuUsage()
  const before = o.serverCpuSeconds?.()
  const result = await tracker
  const client = process.cpuUsage(cpuBefore)
  const after = o.serverCpuSeconds?.()
  latencies.sort((a, b) => a - b)
  return summarise(
    o,
    'autocannon',
    {
      ok: result['2xx'],
      failed: result.non2xx + result.errors + result.timeouts,
      durationSec: result.duration,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      meanMs: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
      wrapped: 0,
      clientCpu: (client.user + client.system) / 1e6,
    },
    before,
    after,
  )
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number
}

/** autocannon writes Content-Length itself; a second one (the instance signer sets it) breaks the request. */
function withoutLength(r: SignedRequest): SignedRequest {
  if (!Object.keys(r.headers).some((h) => h.toLowerCase() === 'content-length')) return r
  return { ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([h]) => h.toLowerCase() !== 'content-length')) }
}
