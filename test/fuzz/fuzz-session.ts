/**
 * Fuzzes every registered action of a real `openkms serve` child process with correctly signed requests
 * carrying random and hostile parameters, and checks each answer against the response contract
 * (test/support/check-response.ts). Runs are seeded per action, so a finding reproduces with the same
 * seed whatever other actions are registered.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { PRODUCTS, type Product } from '../../src/actions/index.js'
import type { AnyAction } from '../../src/actions/define-action.js'
import { contractViolation } from '../support/check-response.js'
import { spawnServer } from '../support/server-process.js'
import { send, signRequest, type Credentials } from '../support/signed-request.js'
import { createFixtures } from './fixtures.js'
import { requestFor, toParamRecord, type FuzzRequest } from './request-arbitrary.js'

export const FUZZ_CREDENTIALS: Credentials = { accessKeyId: 'LTAIfuzzaccesskey0001', accessKeySecret: 'fuzz-secret-0123456789abcdef' }

/** Long GETs become POSTs: clients and proxies cap URLs at a few KB; the V3 query covers long request lines. */
const MAX_GET_PATH = 6000
const REQUEST_TIMEOUT_MS = 20_000

export interface FuzzOptions {
  /** Requests per action. */
  runs: number
  seed: number
  /** Only these actions (default: every registered one). */
  actions?: string[]
  /** Per action, stop generating (and shrinking) after this long; default 30 s. */
  actionTimeLimitMs?: number
  log?: (line: string) => void
}

export interface FuzzFinding {
  action: string
  /** The seed fast-check used for this action (derived from the session seed and the action name). */
  actionSeed: number
  problem: string
  /** The smallest failing request found, long values abbreviated. */
  request: string
}

export interface FuzzReport {
  seed: number
  runs: number
  actions: string[]
  requests: number
  findings: FuzzFinding[]
}

/** Seed for one action: stable under additions to the registry. */
export function actionSeed(seed: number, action: string): number {
  let h = seed | 0
  for (const c of action) h = (Math.imul(h ^ c.charCodeAt(0), 0x01000193) + 0x9e3779b9) | 0
  return h
}

function abbreviate(req: FuzzRequest): string {
  const short = (s: string) => (s.length > 120 ? `${JSON.stringify(s.slice(0, 40))}…(${s.length} chars)` : JSON.stringify(s))
  return `${req.envelope} ${req.params.map(([k, v]) => `${short(k)}=${short(v)}`).join(' ')}`
}

/** Sends one fuzzed request; throws with the contract violation, if any. */
async function probe(host: string, creds: Credentials, product: Product, action: AnyAction, req: FuzzRequest): Promise<void> {
  const params = toParamRecord(req.params)
  const style = req.envelope === 'v3' ? 'v3' : 'v1'
  const version = product.version
  let signed = signRequest(creds, action.name, params, { style, host, version, method: req.envelope === 'v1-get' ? 'GET' : 'POST' })
  if (signed.method === 'GET' && signed.path.length > MAX_GET_PATH) signed = signRequest(creds, action.name, params, { style, host, version })
  let res
  try {
    res = await send(host, signed, REQUEST_TIMEOUT_MS)
  } catch (e) {
    throw new Error(`transport failure (server down or connection dropped): ${(e as Error).message}`)
  }
  const problem = contractViolation(res)
  if (problem) throw new Error(problem)
}

/** Fuzzes the actions against a running server; returns every finding (one per failing action). */
export async function fuzzServer(host: string, creds: Credentials, pool: readonly string[], opts: FuzzOptions): Promise<FuzzReport> {
  // KMS actions keep their bare names (and seeds); RAM and STS actions are named `ram:CreateUser`, `sts:AssumeRole`.
  const all = PRODUCTS.flatMap((product) => product.actions.map((action) => ({ product, action, name: product.code === 'kms' ? action.name : `${product.code}:${action.name}` })))
  const chosen = all.filter((a) => !opts.actions || opts.actions.includes(a.name)).sort((a, b) => a.name.localeCompare(b.name))
  const findings: FuzzFinding[] = []
  let requests = 0
  for (const { product, action, name } of chosen) {
    const seed = actionSeed(opts.seed, name)
    const started = performance.now()
    const details = await fc.check(
      fc.asyncProperty(requestFor(action, pool), async (req) => {
        requests++
        await probe(host, creds, product, action, req)
      }),
      { seed, numRuns: opts.runs, interruptAfterTimeLimit: opts.actionTimeLimitMs ?? 30_000, markInterruptAsFailure: false },
    )
    if (details.failed && details.counterexample) {
      const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
      findings.push({ action: name, actionSeed: seed, problem, request: abbreviate(details.counterexample[0]) })
      opts.log?.(`FAIL ${name}: ${problem}`)
    } else {
      opts.log?.(`ok   ${name} (${details.numRuns} requests, ${Math.round(performance.now() - started)} ms)`)
    }
  }
  return { seed: opts.seed, runs: opts.runs, actions: chosen.map((a) => a.name), requests, findings }
}

/**
 * The whole session: a fresh data directory, `openkms serve`, fixtures, fuzzing, and a final health check
 * (the server must still answer after everything it was sent).
 */
export async function runFuzzSession(opts: FuzzOptions): Promise<FuzzReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-fuzz-'))
  const server = await spawnServer({ dataDir, credentials: FUZZ_CREDENTIALS, workers: 1, timeoutMs: 120_000 })
  try {
    const pool = await createFixtures(server.host, FUZZ_CREDENTIALS)
    opts.log?.(`fuzzing ${server.host} with ${pool.length} fixture values, seed ${opts.seed}, ${opts.runs} requests per action`)
    const report = await fuzzServer(server.host, FUZZ_CREDENTIALS, pool, opts)
    const alive = await send(server.host, { method: 'GET', path: '/healthz', headers: { host: server.host }, body: Buffer.alloc(0) }).catch(
      (e: Error) => e,
    )
    if (alive instanceof Error || alive.status !== 200) {
      report.findings.push({
        action: '(server)',
        actionSeed: opts.seed,
        problem: `the server no longer answers /healthz: ${alive instanceof Error ? alive.message : `HTTP ${alive.status}`}\n${server.output()}`,
        request: '',
      })
    }
    return report
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
