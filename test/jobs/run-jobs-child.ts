/**
 * Child half of the cross-process job test: opens the parent's data directory as a second openkms process
 * would, prints `ready`, waits for `go`, runs a scheduler pass at each given time and prints the results as JSON.
 */
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import pino from 'pino'
import { initRuntime } from '../../src/runtime/app.js'
import { configFromEnv } from '../../src/config.js'
import { ManualClock } from '../../src/domain/clock.js'
import { JOBS, createScheduler } from '../../src/jobs/index.js'

const [dataDir, times] = process.argv.slice(2)
if (!dataDir || !times) throw new Error('usage: run-jobs-child.ts <dataDir> <json array of times>')
const config = configFromEnv({}, { dataDir, port: 0, instancePort: 0 })
const { runtime } = await initRuntime(config, { log: pino({ level: 'silent' }), keyPoolSize: 0, clock: new ManualClock(0) })
const jobs = createScheduler(runtime, { periodMs: 0 })
for (const job of JOBS) jobs.register(job)
const lines = createInterface({ input: process.stdin })
process.stdout.write('ready\n')
await once(lines, 'line')
lines.close()
const results: unknown[] = []
for (const t of JSON.parse(times) as number[]) results.push(await jobs.runDue(t))
await jobs.stop()
runtime.keyPool.close()
await runtime.store.close()
process.stdout.write(`${JSON.stringify(results)}\n`)
