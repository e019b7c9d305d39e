/**
 * CI-sized fuzzing: a fixed seed, about 20 signed hostile requests per registered action against a real
 * `openkms serve`; every answer must be a success or a catalogued error with its status, never a 5xx or a
 * non-JSON body, and the server must still be up at the end. `npm run fuzz` runs the same at any size.
 * Also the transport edge the fuzzer first tripped on: an over-long request line.
 */
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contractViolation } from '../support/check-response.js'
import { spawnServer } from '../support/server-process.js'
import { send, signRequest } from '../support/signed-request.js'
import { FUZZ_CREDENTIALS, runFuzzSession } from './fuzz-session.js'

const SEED = Number(process.env.OPENKMS_FUZZ_SEED ?? 20240611)
const RUNS = Number(process.env.OPENKMS_FUZZ_RUNS ?? 20)

it(`every registered action answers hostile requests within the contract (seed ${SEED}, ${RUNS} per action)`, async () => {
  const report = await runFuzzSession({ runs: RUNS, seed: SEED, actionTimeLimitMs: 30_000 })
  assert.ok(report.actions.length > 0)
  const lines = report.findings.map((f) => `${f.action}: ${f.problem}\n    ${f.request}\n    npm run fuzz -- --seed ${SEED} --runs ${RUNS} --action ${f.action}`)
  assert.deepEqual(lines, [], `contract violations:\n${lines.join('\n')}`)
})

it('V3 parameters of 100 KB in the query are served; a request line over 1 MiB gets JSON RequestEntityTooLarge', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-fuzz-'))
  const server = await spawnServer({ dataDir, credentials: FUZZ_CREDENTIALS, workers: 1, timeoutMs: 120_000 })
  try {
    const big = await send(server.host, signRequest(FUZZ_CREDENTIALS, 'DescribeKey', { KeyId: 'k'.repeat(100_000) }, { style: 'v3', host: server.host }))
    assert.equal(contractViolation(big), undefined)
    assert.equal(JSON.parse(big.body.toString()).Code, 'InvalidParameter')
    const huge = await send(server.host, signRequest(FUZZ_CREDENTIALS, 'DescribeKey', { KeyId: 'k'.repeat(1_100_000) }, { style: 'v3', host: server.host }))
    assert.equal(contractViolation(huge), undefined)
    assert.equal(huge.status, 413)
    assert.equal(JSON.parse(huge.body.toString()).Code, 'RequestEntityTooLarge')
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
