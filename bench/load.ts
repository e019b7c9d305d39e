/**
 * The one load generator every HTTP scenario and the bare-HTTP baseline share: autocannon in this process,
 * with a request factory called for every request (so each carries a fresh nonce and signature), a fixed
 * number of keep-alive connections and a fixed duration. Only 127.0.0.1 targets are accepted.
 */
import { createRequire } from 'node:module'
import type { SignedRequest } from '../test/support/signed-request.js'

const require = createRequire(import.meta.url)

interface AutocannonResult {
  duration: number
  '2xx': number
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}

interface Tracker extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void
}

type Autocannon = (opts: Record<string, unknown>) => Tracker

const autocannon = require('autocannon') as Autocannon

export interface LoadOptions {
  /** 'host:port'; must be on 127.0.0.1. */
  host: string
  connections: number
  durationSec: number
  /** Builds the next request; called once per request sent. */
  next: () => SignedRequest
  /** https for the instance API (self-signed test CA, so the certificate is not checked). */
  https?: boolean
  /** CPU seconds used so far by the server under test, to report how many cores it got. */
  serverCpuSeconds?: () => number
}

export interface LoadResult {
  /** Successful (2xx) responses per second over the run. */
  rps: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  ok: number
  /** Non-2xx answers, socket errors and timeouts; a valid run has none. */
  failed: number
  statusCodes: Record<string, number>
  durationSec: number
  /** Average cores the server used during the run (undefined without `serverCpuSeconds`). */
  serverCores?: number
  /** Average cores this process (the load generator) used during the run. */
  clientCores: number
}

/** Runs one load phase; results are measured over the whole phase (run a short warm-up phase first). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (!opts.host.startsWith('127.0.0.1:')) throw new Error(`refusing to load ${opts.host}: benchmarks only target 127.0.0.1`)
  const first = withoutLength(opts.next())
  const tracker = autocannon({
    url: `${opts.https ? 'https' : 'http'}://${opts.host}`,
    connections: opts.connections,
    duration: opts.durationSec,
    pipelining: 1,
    timeout: 30,
    tlsOptions: opts.https ? { rejectUnauthorized: false } : undefined,
    requests: [
      {
        method: first.method,
        path: first.path,
        headers: first.headers,
        body: first.body,
        setupRequest: (req: Record<string, unknown>) => {
          const r = withoutLength(opts.next())
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
  const serverBefore = opts.serverCpuSeconds?.()
  const result = await tracker
  const client = process.cpuUsage(cpuBefore)
  const serverAfter = opts.serverCpuSeconds?.()
  latencies.sort((a, b) => a - b)
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]))
  return {
    rps: result['2xx'] / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    statusCodes,
    durationSec: result.duration,
    serverCores: serverBefore === undefined || serverAfter === undefined ? undefined : (serverAfter - serverBefore) / result.duration,
    clientCores: (client.user + client.system) / 1e6 / result.duration,
  }
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
