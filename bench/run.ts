/**
 * `npm run bench`: openkms (the real CLI, `openkms serve`, compiled, in a child process on its default
 * SQLite store) against a bare node:http server answering a same-sized JSON body, driven by the same load
 * generator with per-request signatures; raw crypto ceilings on all cores; the many-keys scenario; the
 * targets. Writes bench/results.json and prints the tables. Every figure that matters is a ratio between
 * measurements taken back to back in one run (the machine may be shared). See bench/README.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { groupCpuSeconds, OPENKMS_BIN, spawnServer, type ServerProcess } from '../test/support/server-process.js'
import { call, callOk, signRequest, type Credentials, type SignedRequest } from '../test/support/signed-request.js'
import { startBaseline, type BaselineProcess } from './baseline-process.js'
import { buildServer } from './build.js'
import { INSTANCE_CALLS, instanceClient, instanceRequests, type InstanceClient, type InstanceScenarioId } from './instance-scenario.js'
import { CeilingWorkers } from './crypto-ceiling.js'
import { PRIMITIVES, type Primitive } from './crypto-primitives.js'
import { findAction, RAM } from '../src/actions/index.js'
import { createBenchFixtures, has, type BenchFixtures } from './fixtures.js'
import { formatTable, updateReadme } from './format-table.js'
import type { Generator, RequestSource } from './load.js'
import { runManyKeys } from './many-keys.js'
import { attainableRatio, measure, mergeFigures, type LoadSettings } from './measure.js'
import { settle, SETTLE_MAX_MS } from './settle.js'
import { rawCpuUs } from './raw-cost.js'
import { ensureWrk } from './wrk.js'
import { DEFAULT_OUTPUT, parseBenchOptions } from './options.js'
import type { BenchResults, CeilingEntry, LatencyFigures, ScenarioResult } from './results.js'
import { HTTP_SCENARIOS, type HttpScenario } from './scenarios.js'
import { evaluateTargets } from './targets.js'

const CREDENTIALS: Credentials = { accessKeyId: 'LTAIbenchaccesskey0001', accessKeySecret: 'bench-secret-0123456789abcdef' }
/** Body size of `{"RequestId":…,"KeyId":…,"KeyVersionId":…,"CiphertextBlob":…}` for 32 bytes, if Encrypt is absent. */
const ENCRYPT_BODY_ESTIMATE = 240

const opts = parseBenchOptions(process.argv.slice(2))
const log = (line: string) => process.stdout.write(`${line}\n`)
const wanted = (id: string) => !opts.only || opts.only.includes(id)
const meanRps = (runs: LatencyFigures[]) => runs.reduce((a, b) => a + b.rps, 0) / (runs.length || 1)

if (opts.list) {
  for (const s of HTTP_SCENARIOS) log(`${s.id.padEnd(26)} ${s.label}`)
  for (const [id, c] of Object.entries(INSTANCE_CALLS)) log(`${id.padEnd(26)} ${c.label}`)
  log(`${'ram-encrypt'.padEnd(26)} Encrypt by a RAM user allowed by a policy (when the build has RAM users)`)
  log(`${'encrypt-workers'.padEnd(26)} Encrypt with --workers <cores> (when the server has the flag)`)
  log(`${'many-keys'.padEnd(26)} ${opts.manyKeys} keys vs ${opts.fewKeys}: DescribeKey, Encrypt, start-up, RSS`)
  log(`${'ceilings'.padEnd(26)} every raw crypto rate, stand-alone (otherwise each is measured right after its scenario)`)
  process.exit(0)
}

/** Drives the one bare-HTTP server of the run; every measurement is kept. */
class Baseline {
  readonly runs: LatencyFigures[] = []
  private warm = false
  constructor(
    readonly proc: BaselineProcess,
    private readonly request: () => SignedRequest,
  ) {}
  async measure(): Promise<LatencyFigures> {
    // It checks no nonce, so a cycled pool of the same signed requests does.
    const f = await measure(settings, { host: this.proc.host, serverCpuSeconds: () => groupCpuSeconds(this.proc.pid) }, { next: this.request, unique: false }, { warmUp: !this.warm })
    this.warm = true
    this.runs.push(f)
    return f
  }
}

let settings: LoadSettings

/** Every request of a control-plane phase signed with a fresh nonce and timestamp. */
const signed = (server: { host: string }, action: string, params: Record<string, string>, style: 'v1' | 'v3'): RequestSource => ({
  unique: true,
  next: () => signRequest(CREDENTIALS, action, params, { style, host: server.host }),
})

let coldServer = true

/** One scenario: a checked first call, warm-up, measurement, then the baseline right after it (the pair). */
async function runScenario(s: HttpScenario, server: ServerProcess, fx: BenchFixtures, baseline: Baseline): Promise<ScenarioResult> {
  const params = s.params(fx)
  if (typeof params === 'string') return { id: s.id, label: s.label, status: 'skipped', note: params }
  const probe = await call(server.host, CREDENTIALS, s.action, params, { style: s.style })
  if (probe.status !== 200) return { id: s.id, label: s.label, status: 'failed', note: `${s.action}: HTTP ${probe.status} ${String(probe.body.Code)}` }
  // The first scenario also warms the server's common request path (JIT, caches, first GCs): three rounds.
  const warmupRounds = coldServer ? 3 : 1
  coldServer = false
  const f = await measure(settings, { host: server.host, serverCpuSeconds: () => server.cpuSeconds() }, signed(server, s.action, params, s.style), { warmupRounds })
  return paired(s, f, baseline)
}

/** Crypto ceilings measured in this run, in order. */
const ceilings: CeilingEntry[] = []
let ceilingWorkers: CeilingWorkers | undefined

async function measureAndRecord(primitives: Primitive[], after?: string): Promise<CeilingEntry[]> {
  ceilingWorkers ??= await CeilingWorkers.start()
  const measured = await ceilingWorkers.measure(primitives, opts.ceilingSec * 1000, (c) => log(`  ceiling ${c.primitive}: ${c.opsPerSec.toFixed(0)} ops/s on ${c.threads} threads`))
  const entries = measured.map((c) => ({ ...c, description: PRIMITIVES[c.primitive], ...(after ? { after } : {}) }))
  ceilings.push(...entries)
  return entries
}

/**
 * Completes a measured scenario with what it is compared with, measured right after it: the bare-HTTP
 * baseline and the crypto ceiling of its primitive.
 */
async function paired(s: Pick<HttpScenario, 'id' | 'label' | 'ceiling' | 'alsoMeasure' | 'raw'>, f: LatencyFigures, baseline: Baseline): Promise<ScenarioResult> {
  const b = await baseline.measure()
  const ceiling = s.ceiling ? (await measureAndRecord([s.ceiling, ...(s.alsoMeasure ?? [])], s.id))[0] : undefined
  const result: ScenarioResult = { id: s.id, label: s.label, status: 'measured', figures: f, baselineRps: b.rps, ratioToBaseline: f.rps / b.rps }
  if (f.serverCpuUs !== undefined && b.serverCpuUs !== undefined) {
    result.baselineCpuUs = b.serverCpuUs
    result.cpuRatioToBaseline = f.serverCpuUs / b.serverCpuUs
  }
  if (f.failed > 0) result.note = `${f.failed} requests failed`
  if (ceiling) result.ceiling = { primitive: ceiling.primitive, opsPerSec: ceiling.opsPerSec, ratio: f.rps / ceiling.opsPerSec }
  if (s.raw && f.serverCpuUs !== undefined) {
    const cpuUs = await rawCpuUs(s.raw, opts.quick ? 300 : 1500)
    result.raw = { primitive: s.raw, cpuUs, ratio: f.serverCpuUs / cpuUs }
    log(`  raw ${s.raw}: ${cpuUs.toFixed(0)} µs CPU per operation on one thread`)
  }
  const cpu = `${f.serverCpuUs?.toFixed(0)} µs server CPU/request (bare ${b.serverCpuUs?.toFixed(0)}), server ${f.serverCores?.toFixed(2)} cores, generator ${f.clientCores?.toFixed(2)}`
  log(`  ${s.id}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms (${cpu}); baseline ${b.rps.toFixed(0)} req/s`)
  return result
}

const INSTANCE_CEILINGS: Partial<Record<InstanceScenarioId, Pick<HttpScenario, 'ceiling' | 'raw'>>> = {
  'instance-encrypt': { ceiling: 'aes-256-gcm-encrypt-32' },
  'instance-sign': { ceiling: 'rsa-2048-pss-sign', raw: 'rsa-2048-pss-sign' },
}

async function runInstance(id: InstanceScenarioId, server: ServerProcess, client: InstanceClient | string, fx: BenchFixtures, baseline: Baseline): Promise<ScenarioResult> {
  const label = INSTANCE_CALLS[id].label
  const prepared = typeof client === 'string' ? client : await instanceRequests(client, id, fx).catch((e: Error) => `setup failed: ${e.message}`)
  if (typeof prepared === 'string' || typeof client === 'string') return { id, label, status: 'skipped', note: prepared as string }
  const f = await measure(settings, { host: client.host, https: true, serverCpuSeconds: () => server.cpuSeconds() }, { next: prepared.next, unique: false })
  return paired({ id, label, ...INSTANCE_CEILINGS[id] }, f, baseline)
}

async function withServer<T>(label: string, workers: number, nodeArgs: string[], body: (server: ServerProcess) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-bench-'))
  const server = await spawnServer({ dataDir, credentials: CREDENTIALS, workers, entry, nodeArgs })
  try {
    log(`${label}: started in ${(server.startupMs / 1000).toFixed(2)} s on ${server.host}`)
    const quiet = await settle(server)
    log(`  ${quiet === undefined ? 'still busy after' : 'idle after'} ${(((quiet ?? SETTLE_MAX_MS) as number) / 1000).toFixed(1)} s (background start-up work, e.g. the RSA key pool)`)
    return await body(server)
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Whether this build's `serve` accepts `--workers` (the multi-process feature). */
function workersFlag(): boolean {
  const help = spawnSync(process.execPath, [entry ?? OPENKMS_BIN, 'serve', '--help'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, OPENKMS_FROM_SOURCE: '1' },
  })
  return /--workers\b/.test(`${help.stdout}${help.stderr}`)
}

async function runWorkers(baseline: Baseline, nodeArgs: string[]): Promise<ScenarioResult> {
  const id = 'encrypt-workers'
  const n = availableParallelism()
  const label = `Encrypt 32 B (V1), --workers ${n}`
  if (!has('Encrypt')) return { id, label, status: 'skipped', note: 'Encrypt not registered' }
  if (!workersFlag()) return { id, label, status: 'skipped', note: '`openkms serve` has no --workers flag yet' }
  const encrypt = HTTP_SCENARIOS.find((s) => s.id === 'encrypt-v1') as HttpScenario
  // Both servers run side by side and are measured alternately (one, many, many, one), so a change in the
  // machine's background load during the pair falls on both sides alike.
  return withServer('openkms (one process, paired with --workers)', 1, nodeArgs, (single) =>
    withServer(`openkms --workers ${n}`, n, nodeArgs, async (multi) => {
      const fxSingle = await createBenchFixtures(single.host, CREDENTIALS)
      const fxMulti = await createBenchFixtures(multi.host, CREDENTIALS)
      await Promise.all([settle(single), settle(multi)])
      const load = (server: ServerProcess, fx: BenchFixtures, warmUp: boolean) =>
        measure(settings, { host: server.host, serverCpuSeconds: () => server.cpuSeconds() }, signed(server, 'Encrypt', encrypt.params(fx) as Record<string, string>, 'v1'), { warmUp })
      const one = [await load(single, fxSingle, true)]
      const many = [await load(multi, fxMulti, true), await load(multi, fxMulti, false)]
      one.push(await load(single, fxSingle, false))
      const f = mergeFigures(many)
      const pairedSingle = mergeFigures(one)
      log(`  one process ${pairedSingle.rps.toFixed(0)} req/s (${pairedSingle.serverCores?.toFixed(2)} cores, generator ${pairedSingle.clientCores?.toFixed(2)}), --workers ${n} ${f.rps.toFixed(0)} req/s (${f.serverCores?.toFixed(2)} cores, generator ${f.clientCores?.toFixed(2)}): ${(f.rps / pairedSingle.rps).toFixed(2)}×`)
      const result = await paired({ id, label, ceiling: undefined }, f, baseline)
      const bound = attainableRatio(pairedSingle, n)
      if (bound !== undefined) log(`  on ${n} cores shared with the load generator, at most ${bound.toFixed(2)}× is attainable (CPU per request of server and generator, one-process run)`)
      return { ...result, pairedSingle, ...(bound !== undefined ? { attainableRatio: bound } : {}) }
    }),
  )
}

/**
 * Encrypt signed by a RAM user whose custom policy allows kms:Encrypt on the key: the request path with RAM
 * authorisation (principal resolution, policy evaluation). Skipped when the build has no RAM users.
 */
async function runRam(server: ServerProcess, fx: BenchFixtures, baseline: Baseline): Promise<ScenarioResult> {
  const id = 'ram-encrypt'
  const label = 'Encrypt 32 B (V1) by a RAM user allowed by a policy'
  if (!['CreateUser', 'CreatePolicy', 'AttachPolicyToUser', 'CreateAccessKey'].every((a) => findAction(a, RAM))) return { id, label, status: 'skipped', note: 'RAM users and policies are not in this build' }
  const ram = { version: '2015-05-01', style: 'v1' as const }
  const document = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt'], Resource: ['*'] }] })
  await callOk(server.host, CREDENTIALS, 'CreateUser', { UserName: 'bench-user' }, ram)
  await callOk(server.host, CREDENTIALS, 'CreatePolicy', { PolicyName: 'bench-encrypt', PolicyDocument: document }, ram)
  await callOk(server.host, CREDENTIALS, 'AttachPolicyToUser', { PolicyType: 'Custom', PolicyName: 'bench-encrypt', UserName: 'bench-user' }, ram)
  const ak = (await callOk(server.host, CREDENTIALS, 'CreateAccessKey', { UserName: 'bench-user' }, ram)).AccessKey as { AccessKeyId: string; AccessKeySecret: string }
  const user: Credentials = { accessKeyId: ak.AccessKeyId, accessKeySecret: ak.AccessKeySecret }
  const params = { KeyId: fx.aesKeyId, Plaintext: fx.plaintext }
  const probe = await call(server.host, user, 'Encrypt', params, { style: 'v1' })
  if (probe.status !== 200) return { id, label, status: 'failed', note: `Encrypt as a RAM user: HTTP ${probe.status} ${String(probe.body.Code)}` }
  const source: RequestSource = { unique: true, next: () => signRequest(user, 'Encrypt', params, { style: 'v1', host: server.host }) }
  const f = await measure(settings, { host: server.host, serverCpuSeconds: () => server.cpuSeconds() }, source)
  return paired({ id, label, ceiling: 'aes-256-gcm-encrypt-32' }, f, baseline)
}

/** The server script every phase starts (compiled unless --from-source). */
let entry: string | undefined

async function main(): Promise<void> {
  const startedAt = new Date().toISOString()
  const loadAverageAtStart = loadavg()
  log(`openkms benchmark${opts.quick ? ' (quick)' : ''}: ${opts.durationSec} s per scenario, ${opts.connections} connections; load average ${loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')}`)
  entry = opts.fromSource ? undefined : buildServer(log)
  const generator: Generator = opts.generator ?? (ensureWrk(log) ? 'wrk' : 'autocannon')
  if (generator === 'autocannon') log('load generator: autocannon (wrk unavailable); it signs in this process and limits every rate near 6,000 req/s')
  else log(`load generator: wrk, ${opts.threads} thread(s), requests signed up front (a unique nonce each)`)
  settings = { connections: opts.connections, generator, threads: opts.threads, durationSec: opts.durationSec, warmupSec: opts.warmupSec }

  if (opts.only?.includes('ceilings')) {
    log('crypto ceilings (all cores, in process):')
    await measureAndRecord(Object.keys(PRIMITIVES) as Primitive[])
  }

  const scenarios: ScenarioResult[] = []
  let baselineRuns: LatencyFigures[] = []
  let bodyBytes = ENCRYPT_BODY_ESTIMATE
  const instanceIds = (Object.keys(INSTANCE_CALLS) as InstanceScenarioId[]).filter(wanted)
  if (HTTP_SCENARIOS.some((s) => wanted(s.id)) || instanceIds.length > 0 || wanted('encrypt-workers')) {
    if (opts.cpuProfDir) mkdirSync(opts.cpuProfDir, { recursive: true })
    const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []
    let baseline: Baseline | undefined
    try {
      await withServer('openkms (one process)', 1, nodeArgs, async (server) => {
        const fx = await createBenchFixtures(server.host, CREDENTIALS)
        // Creating the RSA fixture key takes one from the key pool, which the server then refills in the
        // background (an RSA key generation): that CPU must not land on the first scenarios.
        await settle(server)
        bodyBytes = fx.encryptResponseBytes ?? ENCRYPT_BODY_ESTIMATE
        const proc = await startBaseline(bodyBytes)
        // The baseline gets the very requests the Encrypt scenario sends: the client's work is identical.
        const params = { KeyId: fx.aesKeyId, Plaintext: fx.plaintext }
        baseline = new Baseline(proc, () => signRequest(CREDENTIALS, 'Encrypt', params, { style: 'v1', host: proc.host }))
        log(`bare-HTTP baseline (${bodyBytes} B body) on ${proc.host}; measured after each scenario`)
        for (const s of HTTP_SCENARIOS.filter((s) => wanted(s.id))) scenarios.push(await runScenario(s, server, fx, baseline))
        if (wanted('ram-encrypt')) scenarios.push(await runRam(server, fx, baseline).catch((e: Error): ScenarioResult => ({ id: 'ram-encrypt', label: 'Encrypt 32 B (V1) by a RAM user allowed by a policy', status: 'failed', note: e.message })))
        if (instanceIds.length > 0) {
          const client = await instanceClient(server, CREDENTIALS).catch((e: Error) => `setup failed: ${e.message}`)
          for (const id of instanceIds) scenarios.push(await runInstance(id, server, client, fx, baseline))
        }
      })
      if (wanted('encrypt-workers') && baseline) scenarios.push(await runWorkers(baseline, nodeArgs))
    } finally {
      await baseline?.proc.stop()
    }
    baselineRuns = baseline?.runs ?? []
  }

  let manyKeys: BenchResults['manyKeys']
  if (wanted('many-keys')) {
    log(`many keys (${opts.manyKeys} vs ${opts.fewKeys}):`)
    manyKeys = await runManyKeys({ ...opts, ...settings, credentials: CREDENTIALS, entry, log })
  }

  const measured = {
    startedAt,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.versions.node, loadAverageAtStart },
    options: { quick: opts.quick, durationSec: opts.durationSec, warmupSec: opts.warmupSec, connections: opts.connections, ceilingSec: opts.ceilingSec, generator, threads: opts.threads },
    baseline: { bodyBytes, runs: baselineRuns, rps: meanRps(baselineRuns) },
    scenarios,
    ceilings,
    manyKeys,
  }
  const results: BenchResults = { ...measured, finishedAt: new Date().toISOString(), targets: evaluateTargets(measured) }
  writeFileSync(opts.output, `${JSON.stringify(results, null, 2)}\n`)
  log(`\n${formatTable(results)}\nresults written to ${opts.output}`)
  // A complete default run is what the README reports; partial, quick or redirected runs leave it alone.
  if (!opts.only && !opts.quick && opts.output === DEFAULT_OUTPUT) {
    updateReadme(results)
    log('README.md performance tables regenerated')
  }
}

try {
  await main()
} finally {
  await ceilingWorkers?.close()
}
