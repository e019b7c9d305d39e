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
}

const USAGE = `usage: npm run bench -- [--quick] [--duration S] [--warmup S] [--connections N] [--ceiling S]
                        [--keys N] [--only id,id] [--cpu-prof DIR] [--out FILE] [--from-source] [--list]`

/** Parses argv; `--quick` is a ~1 minute smoke run whose other flags still override it. */
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
    durationSec: num(values.duration, quick ? 1 : 10, 'duration'),
    warmupSec: num(values.warmup, quick ? 0.3 : 3, 'warmup'),
    connections: Math.round(num(values.connections, 16, 'connections')),
    ceilingSec: num(values.ceiling, quick ? 0.3 : 5, 'ceiling'),
    manyKeys: Math.round(num(values.keys, quick ? 10_000 : 100_000, 'keys')),
    fewKeys: 100,
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    cpuProfDir: values['cpu-prof'],
    output: values.out ?? new URL('./results.json', import.meta.url).pathname,
    fromSource: values['from-source'] === true,
    list: values.list === true,
  }
}
