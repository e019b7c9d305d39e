/**
 * `npm run bench`: openkms (the real CLI, `openkms serve`, in a child process on its default SQLite store)
 * against a bare node:http server answering a same-sized JSON body, driven by the same load generator with
 * per-request signatures; raw crypto ceilings on all cores; the many-keys scenario; the targets. Writes
 * bench/results.json and prints the tables. Every figure that matters is a ratio within one run.
 * See bench/README.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { OPENKMS_BIN, spawnServer, type ServerProcess } from '../test/support/server-process.js'
import { call, signRequest, type Credentials, type SignedRequest } from '../test/support/signed-request.js'
import { startBaseline } from './baseline-process.js'
import { measureCeiling } from './crypto-ceiling.js'
import { PRIMITIVES, type Primitive } from './crypto-primitives.js'
import { createBenchFixtures, has, type BenchFixtures } from './fixtures.js'
import { formatTable } from './format-table.js'
import { runLoad } from './load.js'
import { figures, runManyKeys } from './many-keys.js'
import { parseBenchOptions, type BenchOptions } from './options.js'
import type { BenchResults, CeilingEntry, LatencyFigures, ScenarioResult } from './results.js'
import { HTTP_SCENARIOS, type HttpScenario } from './scenarios.js'
import { evaluateTargets } from './targets.js'

const CREDENTIALS: Credentials = { accessKeyId: 'LTAIbenchaccesskey0001', accessKeySecret: 'bench-secret-0123456789abcdef' }
/** Body size of `{"RequestId":…,"KeyId":…,"KeyVersionId":…,"CiphertextBlob":…}` for 32 bytes, if Encrypt is absent. */
const ENCRYPT_BODY_ESTIMATE = 240

const opts = parseBenchOptions(process.argv.slice(2))
const log = (line: string) => process.stdout.write(`${line}\n`)
const wanted = (id: string) => !opts.only || opts.only.includes(id)

if (opts.list) {
  for (const s of HTTP_SCENARIOS) log(`${s.id.padEnd(20)} ${s.label}`)
  log(`${'encrypt-workers'.padEnd(20)} Encrypt with --workers (when the server has the flag)`)
  log(`${'many-keys'.padEnd(20)} ${opts.manyKeys} keys vs ${opts.fewKeys}: DescribeKey, Encrypt, start-up, RSS`)
  log(`${'ceilings'.padEnd(20)} raw crypto rates on all cores`)
  process.exit(0)
}

async function measure(host: string, next: () => SignedRequest, o: BenchOptions): Promise<LatencyFigures> {
  await runLoad({ host, connections: o.connections, durationSec: o.warmupSec, next })
  return figures(await runLoad({ host, connections: o.connections, durationSec: o.durationSec, next }))
}

/** One HTTP scenario against `server`: a checked first call, a warm-up, then the measured phase. */
async function runScenario(s: HttpScenario, server: ServerProcess, fx: BenchFixtures, baselineRps: number, ceilings: CeilingEntry[]): Promise<ScenarioResult> {
  const params = s.params(fx)
  if (typeof params === 'string') return { id: s.id, label: s.label, status: 'skipped', note: params }
  const probe = await call(server.host, CREDENTIALS, s.action, params, { style: s.style })
  if (probe.status !== 200) return { id: s.id, label: s.label, status: 'failed', note: `${s.action}: HTTP ${probe.status} ${String(probe.body.Code)}` }
  const f = await measure(server.host, () => signRequest(CREDENTIALS, s.action, params, { style: s.style, host: server.host }), opts)
  const result: ScenarioResult = { id: s.id, label: s.label, status: 'measured', figures: f, ratioToBaseline: f.rps / baselineRps }
  if (f.failed > 0) result.note = `${f.failed} requests failed`
  const ceiling = ceilings.find((c) => c.primitive === s.ceiling)
  if (ceiling) result.ceiling = { primitive: ceiling.primitive, opsPerSec: ceiling.opsPerSec, ratio: f.rps / ceiling.opsPerSec }
  log(`  ${s.id}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms`)
  return result
}

/** Whether this build's `serve` accepts `--workers` (the multi-process feature). */
function workersFlag(): boolean {
  const help = spawnSync(process.execPath, [OPENKMS_BIN, 'serve', '--help'], { encoding: 'utf8', timeout: 60_000 })
  return /--workers\b/.test(`${help.stdout}${help.stderr}`)
}

async function runWorkers(fx: BenchFixtures, baselineRps: number): Promise<ScenarioResult> {
  const id = 'encrypt-workers'
  const threads = availableParallelism()
  const label = `Encrypt 32 B (V1), --workers ${threads}`
  if (!has('Encrypt')) return { id, label, status: 'skipped', note: 'Encrypt not registered' }
  if (!workersFlag()) return { id, label, status: 'skipped', note: '`openkms serve` has no --workers flag yet' }
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-bench-workers-'))
  const server = await spawnServer({ dataDir, credentials: CREDENTIALS, args: ['--workers', String(threads)] })
  try {
    const own = await createBenchFixtures(server.host, CREDENTIALS)
    const scenario = HTTP_SCENARIOS.find((s) => s.id === 'encrypt-v1') as HttpScenario
    return { ...(await runScenario(scenario, server, { ...fx, ...own }, baselineRps, [])), id, label }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const meanRps = (runs: LatencyFigures[]) => runs.reduce((a, b) => a + b.rps, 0) / (runs.length || 1)

/** The single-process scenarios, bracketed by two baseline runs; returns the fixtures for later phases. */
async function runHttpScenarios(scenarios: ScenarioResult[], baselineRuns: LatencyFigures[], ceilings: CeilingEntry[]): Promise<BenchFixtures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-bench-'))
  if (opts.cpuProfDir) mkdirSync(opts.cpuProfDir, { recursive: true })
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []
  const server = await spawnServer({ dataDir, credentials: CREDENTIALS, nodeArgs })
  try {
    log(`openkms started in ${(server.startupMs / 1000).toFixed(2)} s on ${server.host}`)
    const fx = await createBenchFixtures(server.host, CREDENTIALS)
    const baseline = await startBaseline(fx.encryptResponseBytes ?? ENCRYPT_BODY_ESTIMATE)
    try {
      const request = () => signRequest(CREDENTIALS, 'Encrypt', { KeyId: fx.aesKeyId, Plaintext: fx.plaintext }, { style: 'v1', host: baseline.host })
      log(`bare-HTTP baseline on ${baseline.host}:`)
      baselineRuns.push(await measure(baseline.host, request, opts))
      log(`  ${baselineRuns[0]!.rps.toFixed(0)} req/s`)
      for (const s of HTTP_SCENARIOS.filter((s) => wanted(s.id))) scenarios.push(await runScenario(s, server, fx, meanRps(baselineRuns), ceilings))
      // Measured again at the end: on a shared machine the ceiling drifts, and the mean of both is fairer.
      baselineRuns.push(await measure(baseline.host, request, opts))
      log(`  baseline again: ${baselineRuns[1]!.rps.toFixed(0)} req/s`)
      for (const s of scenarios) if (s.figures) s.ratioToBaseline = s.figures.rps / meanRps(baselineRuns)
    } finally {
      await baseline.stop()
    }
    return fx
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString()
  const loadAverageAtStart = loadavg()
  log(`openkms benchmark${opts.quick ? ' (quick)' : ''}: ${opts.durationSec} s per scenario, ${opts.connections} connections; load average ${loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')}`)

  const ceilings: CeilingEntry[] = []
  if (wanted('ceilings') || HTTP_SCENARIOS.some((s) => s.ceiling && wanted(s.id))) {
    log('crypto ceilings (all cores, in process):')
    for (const primitive of Object.keys(PRIMITIVES) as Primitive[]) {
      const c = await measureCeiling(primitive, opts.ceilingSec * 1000)
      ceilings.push({ ...c, description: PRIMITIVES[primitive] })
      log(`  ${primitive}: ${c.opsPerSec.toFixed(0)} ops/s on ${c.threads} threads`)
    }
  }

  const scenarios: ScenarioResult[] = []
  const baselineRuns: LatencyFigures[] = []
  let bodyBytes = ENCRYPT_BODY_ESTIMATE
  if (HTTP_SCENARIOS.some((s) => wanted(s.id)) || wanted('encrypt-workers')) {
    const fx = await runHttpScenarios(scenarios, baselineRuns, ceilings)
    bodyBytes = fx.encryptResponseBytes ?? ENCRYPT_BODY_ESTIMATE
    if (wanted('encrypt-workers')) {
      log('workers:')
      scenarios.push(await runWorkers(fx, meanRps(baselineRuns)))
    }
  }

  let manyKeys: BenchResults['manyKeys']
  if (wanted('many-keys')) {
    log(`many keys (${opts.manyKeys} vs ${opts.fewKeys}):`)
    manyKeys = await runManyKeys({ ...opts, credentials: CREDENTIALS, log })
  }

  const measured = {
    startedAt,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.versions.node, loadAverageAtStart },
    options: { quick: opts.quick, durationSec: opts.durationSec, warmupSec: opts.warmupSec, connections: opts.connections, ceilingSec: opts.ceilingSec },
    baseline: { bodyBytes, runs: baselineRuns, rps: meanRps(baselineRuns) },
    scenarios,
    ceilings,
    manyKeys,
  }
  const results: BenchResults = { ...measured, finishedAt: new Date().toISOString(), targets: evaluateTargets(measured) }
  writeFileSync(opts.output, `${JSON.stringify(results, null, 2)}\n`)
  log(`\n${formatTable(results)}\nresults written to ${opts.output}`)
}

await main()
