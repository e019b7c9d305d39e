/**
 * `npm run fuzz -- [--runs N] [--seed S] [--action Name ...]`: fuzzes every registered action of a real
 * `openkms serve` with signed hostile requests (test/fuzz/fuzz-session.ts). Exits 1 when any answer breaks
 * the response contract; the printed seed reproduces the run.
 */
import { parseArgs } from 'node:util'
import { runFuzzSession } from './fuzz-session.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    seed: { type: 'string' },
    action: { type: 'string', multiple: true },
  },
})
const runs = Number(values.runs)
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S] [--action Name ...]\n')
  process.exit(2)
}

const report = await runFuzzSession({ runs, seed, actions: values.action, log: (line) => process.stdout.write(`${line}\n`) })
process.stdout.write(`\n${report.requests} requests to ${report.actions.length} actions, seed ${report.seed}\n`)
for (const f of report.findings) {
  process.stdout.write(`\n${f.action}: ${f.problem}\n  request: ${f.request}\n`)
  process.stdout.write(`  reproduce: npm run fuzz -- --seed ${report.seed} --runs ${report.runs} --action ${f.action}\n`)
}
process.stdout.write(report.findings.length === 0 ? 'no contract violations\n' : `${report.findings.length} action(s) broke the contract\n`)
process.exit(report.findings.length === 0 ? 0 : 1)
