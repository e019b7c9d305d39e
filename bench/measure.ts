/**
 * One measured load phase as every scenario runs it: an optional warm-up (whose rate also sizes the pool of
 * unique signed requests), then the measurement; when wrk ran out of unique requests the measurement is
 * repeated with a pool twice as large, so no figure includes refused replays.
 */
import type { LatencyFigures } from './results.js'
import { runLoad, type Generator, type LoadResult, type RequestSource } from './load.js'

export interface LoadSettings {
  connections: number
  generator: Generator
  threads: number
  durationSec: number
  warmupSec: number
}

export interface LoadTarget {
  host: string
  https?: boolean
  /** CPU seconds of every process and thread of the server under test (from /proc). */
  serverCpuSeconds: () => number
}

export function figures(r: LoadResult): LatencyFigures {
  return {
    rps: r.rps,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    failed: r.failed,
    serverCores: r.serverCores,
    clientCores: r.clientCores,
    serverCpuUs: r.serverCpuUs,
    clientCpuUs: r.clientCpuUs,
  }
}

export async function measure(
  s: LoadSettings,
  target: LoadTarget,
  source: RequestSource,
  o: { warmUp?: boolean; durationSec?: number; expectedRps?: number; warmupRounds?: number } = {},
): Promise<LatencyFigures> {
  const base = { host: target.host, https: target.https, connections: s.connections, generator: s.generator, threads: s.threads, source }
  let expected = o.expectedRps
  if (o.warmUp !== false) {
    for (let round = 0; round < (o.warmupRounds ?? 1); round++) expected = (await runLoad({ ...base, durationSec: s.warmupSec, expectedRps: 8000 })).rps || undefined
  }
  for (let attempt = 0; ; attempt++) {
    const r = await runLoad({ ...base, durationSec: o.durationSec ?? s.durationSec, expectedRps: expected, serverCpuSeconds: target.serverCpuSeconds })
    if (r.wrapped === 0 || attempt === 2) return figures(r)
    expected = Math.max(expected ?? 0, r.rps) * 2
  }
}

/** The mean of repeated measurements of one server. */
export function mergeFigures(runs: LatencyFigures[]): LatencyFigures {
  const mean = (pick: (f: LatencyFigures) => number | undefined) => {
    const known = runs.map(pick).filter((v): v is number => v !== undefined)
    return known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined
  }
  return {
    rps: mean((f) => f.rps) ?? 0,
    p50Ms: mean((f) => f.p50Ms) ?? 0,
    p99Ms: mean((f) => f.p99Ms) ?? 0,
    failed: runs.reduce((a, f) => a + f.failed, 0),
    serverCores: mean((f) => f.serverCores),
    clientCores: mean((f) => f.clientCores),
    serverCpuUs: mean((f) => f.serverCpuUs),
    clientCpuUs: mean((f) => f.clientCpuUs),
  }
}

/**
 * The most --workers could gain here: the load generator runs on the same cores, so at R req/s the server
 * and the generator together need R × (server + generator CPU per request), at most `cores`. Per-request
 * costs come from the one-process measurement (workers add, never remove, work per request).
 */
export function attainableRatio(single: LatencyFigures, cores: number): number | undefined {
  if (!single.serverCores || !single.clientCores || single.rps <= 0) return undefined
  const cpuPerRequest = (single.serverCores + single.clientCores) / single.rps
  return cores / cpuPerRequest / single.rps
}

