/**
 * CI-sized fuzzing: a fixed seed, about 20 signed hostile requests per registered action against a real
 * `openkms serve`; every answer must be a success or a catalogued error with its status, never a 5xx or a
 * non-JSON body, and the server must still be up at the end. `npm run fuzz` runs the same at any size.
 */
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { runFuzzSession } from './fuzz-session.js'

const SEED = Number(process.env.OPENKMS_FUZZ_SEED ?? 20240611)
const RUNS = Number(process.env.OPENKMS_FUZZ_RUNS ?? 20)

it(`every registered action answers hostile requests within the contract (seed ${SEED}, ${RUNS} per action)`, async () => {
  const report = await runFuzzSession({ runs: RUNS, seed: SEED, actionTimeLimitMs: 30_000 })
  assert.ok(report.actions.length > 0)
  const lines = report.findings.map((f) => `${f.action}: ${f.problem}\n    ${f.request}\n    npm run fuzz -- --seed ${SEED} --runs ${RUNS} --action ${f.action}`)
  assert.deepEqual(lines, [], `contract violations:\n${lines.join('\n')}`)
})
