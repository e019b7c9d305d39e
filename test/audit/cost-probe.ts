import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { startTestApp, TEST_AK } from '../support/test-app.js'
import { signRequest, send } from '../support/signed-request.js'

const base = process.argv[2] ?? '/tmp'
async function run(label: string, overrides: Record<string, unknown>, n: number, concurrency: number) {
  const dataDir = mkdtempSync(join(base, 'openkms-cost-'))
  const app = await startTestApp({ dataDir, ...overrides }, { jobPeriodMs: 0, keyPoolSize: 0 })
  const host = app.endpoint
  const one = async () => {
    const r = await send(host, signRequest(TEST_AK, 'DescribeRegions', {}, { style: 'v3', host }))
    if (r.status !== 200) throw new Error(String(r.status))
  }
  for (let i = 0; i < 200; i++) await one()
  const started = performance.now()
  const cpu = process.cpuUsage()
  let left = n
  await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await one() }))
  const us = ((performance.now() - started) * 1000) / n
  const used = process.cpuUsage(cpu)
  console.log(`${label} c=${concurrency}: ${us.toFixed(0)} µs/request wall, ${((used.user + used.system) / n).toFixed(0)} µs/request CPU`)
  await app.stop()
}
const configs: Array<[string, Record<string, unknown>]> = [
  ['no audit    ', { auditStore: false }],
  ['store       ', { auditStore: true }],
  ['file        ', { auditStore: false, auditFile: '/tmp/openkms-cost-audit.jsonl' }],
  ['store + file', { auditStore: true, auditFile: '/tmp/openkms-cost-audit.jsonl' }],
]
for (const c of (process.env.C ?? '1,16').split(',').map(Number))
  for (let round = 0; round < 3; round++) for (const [label, o] of configs) await run(label, o, 1500, c)
process.exit(0)
