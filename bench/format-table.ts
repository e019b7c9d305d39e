/**
 * Renders bench/results.json as the markdown tables for the README: `npx tsx bench/format-table.ts
 * [results.json]`. bench/run.ts prints the same tables at the end of a run.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { PRIMITIVES } from './crypto-primitives.js'
import type { BenchResults, LatencyFigures } from './results.js'

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1))
const x = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(2)}×`)
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`

function latency(f: LatencyFigures | undefined): string[] {
  return f ? [n0(f.rps), ms(f.p50Ms), ms(f.p99Ms)] : ['–', '–', '–']
}

function meanOf(fs: LatencyFigures[], pick: (f: LatencyFigures) => number | undefined): number | undefined {
  const known = fs.map(pick).filter((v): v is number => v !== undefined)
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined
}

const us = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0))

/** The results as markdown: scenarios, crypto ceilings, many keys, targets. */
export function formatTable(r: BenchResults): string {
  const out: string[] = []
  out.push(
    `openkms ${r.options.quick ? 'quick ' : ''}benchmark, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC — ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}, ` +
      `${r.options.generator ?? 'autocannon'} (${r.options.threads ?? 1} thread${(r.options.threads ?? 1) > 1 ? 's' : ''}), ${r.options.connections} connections, ${r.options.durationSec} s per scenario, load average ${r.machine.loadAverageAtStart[0]?.toFixed(1)} at the start. ` +
      `Server CPU is utime+stime of all the server's processes and threads (/proc) per successful request; ` +
      `each ratio is against the bare node:http server measured right after the scenario.`,
    '',
    row(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'CPU ÷ bare', 'req/s ÷ bare', 'vs raw crypto']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
    row([
      `bare node:http, ${r.baseline.bodyBytes} B JSON (mean of ${r.baseline.runs.length})`,
      n0(r.baseline.rps),
      ms(meanOf(r.baseline.runs, (f) => f.p50Ms) ?? 0),
      ms(meanOf(r.baseline.runs, (f) => f.p99Ms) ?? 0),
      us(meanOf(r.baseline.runs, (f) => f.serverCpuUs)),
      '1.00×',
      '1.00×',
      '',
    ]),
  )
  for (const s of r.scenarios) {
    if (s.status !== 'measured') {
      out.push(row([s.label, `${s.status}: ${s.note ?? ''}`, '', '', '', '', '']))
      continue
    }
    const vsRaw = [
      s.raw ? `CPU ${x(s.raw.ratio)} of one raw op (${s.raw.cpuUs.toFixed(0)} µs)` : '',
      s.ceiling ? `req/s ${x(s.ceiling.ratio)} of ${n0(s.ceiling.opsPerSec)}/s all-core` : '',
    ].filter(Boolean).join('; ')
    out.push(row([s.label, ...latency(s.figures), us(s.figures?.serverCpuUs), x(s.cpuRatioToBaseline), x(s.ratioToBaseline), vsRaw]))
    if (s.pairedSingle)
      out.push(row(['  its pair: one process, measured alternately', ...latency(s.pairedSingle), us(s.pairedSingle.serverCpuUs), '', '', '']))
  }
  out.push('', row(['crypto ceiling (all cores, in process)', 'measured after', 'threads', 'ops/s']), row(['---', '---', '---:', '---:']))
  for (const c of r.ceilings) out.push(row([PRIMITIVES[c.primitive] ?? c.primitive, c.after ?? '', c.threads, n0(c.opsPerSec)]))
  const mk = r.manyKeys
  if (mk) {
    out.push(
      '',
      row(['store', 'key cache', 'start-up s', 'RSS MiB', 'DescribeKey req/s', 'p50 ms', 'p99 ms', 'µs/req', 'Encrypt req/s', 'p50 ms', 'p99 ms', 'µs/req']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    )
    for (const s of [mk.few, mk.many])
      out.push(
        row([
          `${n0(s.keys)} keys`,
          s.keyCacheSize === undefined ? 'default' : n0(s.keyCacheSize),
          (s.startupMs / 1000).toFixed(2),
          s.rssMiB.toFixed(0),
          ...latency(s.describeKey),
          us(s.describeKey?.serverCpuUs),
          ...latency(s.encrypt),
          us(s.encrypt?.serverCpuUs),
        ]),
      )
    out.push('', `Filling ${n0(mk.many.keys)} keys through the store took ${(mk.fillMs / 1000).toFixed(1)} s.`)
    if (mk.bytesPerCacheEntry !== undefined) out.push(`One key-cache entry (key record and its unwrapped AES version) takes about ${n0(mk.bytesPerCacheEntry)} bytes of heap.`)
  }
  out.push('', row(['target', 'threshold', 'figure', 'met']), row(['---', '---', '---:', '---']))
  for (const t of r.targets)
    out.push(row([t.description, t.threshold, t.figure === undefined ? '–' : t.figure.toFixed(2), t.met === undefined ? `not measured (${t.note})` : `${t.met ? 'yes' : 'NO'}${t.note ? ` (${t.note})` : ''}`]))
  return `${out.join('\n')}\n`
}

const README = new URL('../README.md', import.meta.url).pathname
const START = '<!-- bench:start (generated from bench/results.json by `npx tsx bench/format-table.ts --readme`) -->'
const END = '<!-- bench:end -->'

/** Replaces the generated part of README.md's performance section with the tables of `r`. */
export function updateReadme(r: BenchResults, readme = README): void {
  const text = readFileSync(readme, 'utf8')
  const from = text.indexOf(START)
  const to = text.indexOf(END)
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`)
  writeFileSync(readme, `${text.slice(0, from + START.length)}\n${formatTable(r)}${text.slice(to)}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const file = args.find((a) => !a.startsWith('--')) ?? new URL('./results.json', import.meta.url).pathname
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults
  if (args.includes('--readme')) {
    updateReadme(results)
    process.stdout.write(`README.md performance tables regenerated from ${file}\n`)
  } else process.stdout.write(formatTable(results))
}
