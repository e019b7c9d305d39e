/** The shape of bench/results.json, written by bench/run.ts and rendered by bench/format-table.ts. */
import type { Primitive } from './crypto-primitives.js'

export interface LatencyFigures {
  rps: number
  p50Ms: number
  p99Ms: number
  /** Non-2xx answers, socket errors and timeouts during the measurement (a valid run has none). */
  failed: number
  /** Average CPU cores the server processes used, and the load generator (this process) used. */
  serverCores?: number
  clientCores?: number
  /** Server CPU per successful request (µs; utime+stime of all its processes and threads, /proc). */
  serverCpuUs?: number
  /** Load-generator CPU per request (µs). */
  clientCpuUs?: number
}

export interface ScenarioResult {
  id: string
  label: string
  /** 'skipped' when the build lacks what the scenario needs; `note` says what. */
  status: 'measured' | 'skipped' | 'failed'
  note?: string
  figures?: LatencyFigures
  /** The bare-HTTP baseline measured right after this scenario (the pair its ratio is taken from). */
  baselineRps?: number
  /** requests/s ÷ `baselineRps`. */
  ratioToBaseline?: number
  /** Server CPU µs per request of that paired baseline measurement. */
  baselineCpuUs?: number
  /** Server CPU per request ÷ `baselineCpuUs` (the figure least sensitive to other load on the machine). */
  cpuRatioToBaseline?: number
  /** Signing scenarios: CPU µs of one raw signature on one thread, and server CPU per request ÷ that. */
  raw?: { primitive: Primitive; cpuUs: number; ratio: number }
  /** requests/s ÷ the raw all-core rate of the primitive the action performs. */
  ceiling?: { primitive: Primitive; opsPerSec: number; ratio: number }
  /** encrypt-workers only: the one-process server measured alternately with the workers (its pair). */
  pairedSingle?: LatencyFigures
  /** encrypt-workers only: the highest workers ÷ one-process ratio this machine allows (bench/run.ts). */
  attainableRatio?: number
}

export interface CeilingEntry {
  primitive: Primitive
  description: string
  threads: number
  opsPerSec: number
  /** The scenario it was measured right after (and is compared with); absent for a stand-alone run. */
  after?: string
}

export interface StoreRun {
  keys: number
  /** The server's key cache size (OPENKMS_KEY_CACHE_SIZE). */
  keyCacheSize?: number
  startupMs: number
  /** Server RSS after the store's load phases, MiB. */
  rssMiB: number
  describeKey?: LatencyFigures
  encrypt?: LatencyFigures
}

export interface ManyKeysResult {
  fillMs: number
  few: StoreRun
  many: StoreRun
  /** many ÷ few, on p50 latency. */
  describeKeyRatio?: number
  encryptRatio?: number
  /** Heap bytes one key-cache entry (key record + one unwrapped AES version) takes, measured in process. */
  bytesPerCacheEntry?: number
}

export interface TargetResult {
  id: string
  description: string
  /** The figure, in the unit of `threshold`. */
  figure?: number
  threshold: string
  /** undefined when the figure could not be measured (the note says why). */
  met?: boolean
  note?: string
}

export interface BenchResults {
  startedAt: string
  finishedAt: string
  machine: { cpus: number; model: string; node: string; loadAverageAtStart: number[] }
  options: { quick: boolean; durationSec: number; warmupSec: number; connections: number; ceilingSec: number; generator: string; threads: number }
  /** Every baseline measurement of the run (one after each HTTP scenario) and their mean. */
  baseline: { bodyBytes: number; runs: LatencyFigures[]; rps: number }
  scenarios: ScenarioResult[]
  ceilings: CeilingEntry[]
  manyKeys?: ManyKeysResult
  targets: TargetResult[]
}
