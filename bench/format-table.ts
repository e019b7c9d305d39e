/**
 * Renders bench/results.json as the markdown tables for the README: `npx tsx bench/format-table.ts
 * [results.json]`. bench/run.ts prints the same tables at the end of a run.
 */
import { readFileSync } from 'node:fs'
import { PRIMITIVES } from './crypto-primitives.js'
import type { BenchResults, LatencyFigures } from './results.js'

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1))
const x = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(2)}×`)
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`

function latency(f: LatencyFigures | undefined): string[] {
  return f ? [n0(f.rps), ms(f.p50Ms), ms(f.p99Ms)] : ['–', '–', '–']
}

function cores(fs: LatencyFigures[]): string {
  const known = fs.filter((f) => f.serverCores !== undefined)
  return known.length ? (known.reduce((a, f) => a + (f.serverCores as number), 0) / known.length).toFixed(2) : '–'
}

/** The results as markdown: scenarios, crypto ceilings, many keys, targets. */
export function formatTable(r: BenchResults): string {
  const out: string[] = []
  out.push(
    `openkms ${r.options.quick ? 'quick ' : ''}benchmark, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC — ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}, ` +
      `${r.options.connections} connections, ${r.options.durationSec} s per scenario. Ratios are against figures taken in the same run.`,
    '',
    row(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'server cores', '÷ bare HTTP', '÷ crypto ceiling']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    row([`bare node:http, ${r.baseline.bodyBytes} B JSON (baseline, mean of ${r.baseline.runs.length})`, n0(r.baseline.rps), '', '', cores(r.baseline.runs), '1.00×', '']),
  )
  for (const s of r.scenarios) {
    if (s.status !== 'measured') {
      out.push(row([s.label, `${s.status}: ${s.note ?? ''}`, '', '', '', '', '']))
      continue
    }
    const ceiling = s.ceiling ? `${x(s.ceiling.ratio)} of ${n0(s.ceiling.opsPerSec)}/s` : ''
    out.push(row([s.label, ...latency(s.figures), cores(s.figures ? [s.figures] : []), x(s.ratioToBaseline), ceiling]))
    if (s.pairedSingle)
      out.push(row(['  its pair: one process, measured alternately', ...latency(s.pairedSingle), cores([s.pairedSingle]), '', '']))
  }
  out.push('', row(['crypto ceiling (all cores, in process)', 'measured after', 'threads', 'ops/s']), row(['---', '---', '---:', '---:']))
  for (const c of r.ceilings) out.push(row([PRIMITIVES[c.primitive] ?? c.primitive, c.after ?? '', c.threads, n0(c.opsPerSec)]))
  const mk = r.manyKeys
  if (mk) {
    out.push(
      '',
      row(['store', 'start-up s', 'RSS MiB', 'DescribeKey req/s', 'p50 ms', 'p99 ms', 'Encrypt req/s', 'p50 ms', 'p99 ms']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    )
    for (const s of [mk.few, mk.many])
      out.push(row([`${n0(s.keys)} keys`, (s.startupMs / 1000).toFixed(2), s.rssMiB.toFixed(0), ...latency(s.describeKey), ...latency(s.encrypt)]))
    out.push('', `Filling ${n0(mk.many.keys)} keys through the store took ${(mk.fillMs / 1000).toFixed(1)} s.`)
  }
  out.push('', row(['target', 'threshold', 'figure', 'met']), row(['---', '---', '---:', '---']))
  for (const t of r.targets)
    out.push(row([t.description, t.threshold, t.figure === undefined ? '–' : t.figure.toFixed(2), t.met === undefined ? `not measured (${t.note})` : `${t.met ? 'yes' : 'NO'}${t.note ? ` (${t.note})` : ''}`]))
  return `${out.join('\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? new URL('./results.json', import.meta.url).pathname
  process.stdout.write(formatTable(JSON.parse(readFileSync(file, 'utf8')) as BenchResults))
}
