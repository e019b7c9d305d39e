/** Command-line options of `npm run bench` (bench/run.ts), with the defaults and the `--quick` profile. */
import { parseArgs } from 'node:util'

export interface BenchOptions {
  /** Seconds of measured load per HTTP scenario. */
  durationSec: number
  /** Seconds of unmeasured load before each measurement. */
  warmupSec: number
  connections: number
  /** Seconds per crypto-ceiling measurement. */
  ceilingSec: number
  /** Keys in the large store of the many-keys scenario (the issue asks for 100,000). */
  manyKeys: number
  /** Keys in the small store it is compared with. */
  fewKeys: number
  /** Scenario ids to run (default all); see `npm run bench -- --list`. */
  only?: string[]
  /** Record a CPU profile of the server for each HTTP scenario into this directory. */
  cpuProfDir?: string
  output: string
  /** Run the server from the TypeScript sources through tsx instead of compiling it first. */
  fromSource: boolean
  quick: boolean
  list: boolean
  /** wrk threads (default 1: on a small machine a second one only takes CPU from the server). */
  threads: number
  /** 'wrk' (default when it can be found or installed) or 'autocannon'. */
  generator?: 'wrk' | 'autocannon'
  /** Key cache size of the many-keys servers (OPENKMS_KEY_CACHE_SIZE); the server's default when absent. */
  keyCacheSize?: number
}

export const DEFAULT_OUTPUT = new URL('./results.json', import.meta.url).pathname

const USAGE = `usage: npm run bench -- [--quick] [--duration S] [--warmup S] [--connections N] [--threads N] [--ceiling S]
                        [--keys N] [--key-cache-size N] [--generator wrk|autocannon] [--only id,id]
                        [--cpu-prof DIR] [--out FILE] [--from-source] [--list]`

/** Parses argv; `--quick` is a smoke run (under 3 minutes) whose other flags still override it. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      ceiling: { type: 'string' },
      keys: { type: 'string' },
      threads: { type: 'string' },
      generator: { type: 'string' },
      'key-cache-size': { type: 'string' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      out: { type: 'string' },
      'from-source': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const quick = values.quick === true
  const num = (v: string | undefined, d: number, name: string) => {
    if (v === undefined) return d
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`)
    return n
  }
  return {
    quick,
    // wrk counts whole seconds.
    durationSec: Math.max(1, Math.round(num(values.duration, quick ? 1 : 8, 'duration'))),
    warmupSec: Math.max(1, Math.round(num(values.warmup, quick ? 1 : 2, 'warmup'))),
    connections: Math.round(num(values.connections, 16, 'connections')),
    ceilingSec: num(values.ceiling, quick ? 0.3 : 3, 'ceiling'),
    manyKeys: Math.round(num(values.keys, quick ? 10_000 : 100_000, 'keys')),
    fewKeys: 100,
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    cpuProfDir: values['cpu-prof'],
    output: values.out ?? DEFAULT_OUTPUT,
    fromSource: values['from-source'] === true,
    list: values.list === true,
    threads: Math.round(num(values.threads, 1, 'threads')),
    generator: generatorOf(values.generator),
    keyCacheSize: values['key-cache-size'] === undefined ? undefined : Math.round(num(values['key-cache-size'], 0, 'key-cache-size')),
  }
}

function generatorOf(v: string | undefined): 'wrk' | 'autocannon' | undefined {
  if (v === undefined || v === 'wrk' || v === 'autocannon') return v
  throw new Error(`--generator must be wrk or autocannon\n${USAGE}`)
}
