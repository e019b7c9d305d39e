import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { setTimeout as sleep } from 'node:timers/promises'
import { ManualClock } from '../domain/clock.js'
import type { Runtime } from '../services/context.js'
import { createScheduler, type Job } from './scheduler.js'

/** The scheduler needs only a clock and a logger from the runtime. */
function runtimeAt(clock: ManualClock): Runtime {
  return { clock, log: pino({ level: 'silent' }) } as unknown as Runtime
}

function recordingJob(name: string, seen: string[], opts: { fail?: boolean; delayMs?: number } = {}): Job {
  return {
    name,
    async run(_rt, now) {
      seen.push(`${name}:start:${now}`)
      if (opts.delayMs) await sleep(opts.delayMs)
      seen.push(`${name}:end`)
      if (opts.fail) throw new Error(`${name} broke`)
      return { now }
    },
  }
}

const refTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

describe('scheduler', () => {
  it('runs every job in order at the given time (default: the clock), and a failing job does not stop the next', async () => {
    const clock = new ManualClock(1_000)
    const seen: string[] = []
    const s = createScheduler(runtimeAt(clock), { periodMs: 0 })
    s.register(recordingJob('a', seen, { fail: true }))
    s.register(recordingJob('b', seen))
    const results = await s.runDue(5_000)
    assert.deepEqual(seen, ['a:start:5000', 'a:end', 'b:start:5000', 'b:end'])
    assert.deepEqual(results, { a: { error: 'a broke' }, b: { now: 5_000 } })
    clock.set(7_000)
    assert.deepEqual(await s.runDue(), { a: { error: 'a broke' }, b: { now: 7_000 } })
    await s.stop()
  })

  it('never overlaps passes, and stop() waits for the pass under way', async () => {
    const seen: string[] = []
    const s = createScheduler(runtimeAt(new ManualClock(0)), { periodMs: 0 })
    s.register(recordingJob('slow', seen, { delayMs: 30 }))
    const first = s.runDue(1)
    const second = s.runDue(2)
    await sleep(5)
    const stopped = s.stop()
    await stopped
    assert.deepEqual(seen, ['slow:start:1', 'slow:end', 'slow:start:2', 'slow:end'])
    await Promise.all([first, second])
    await assert.rejects(s.runDue(3), /stopped/)
  })

  it('runs periodically with the clock’s time, on a timer that does not keep the process alive', async () => {
    const clock = new ManualClock(42)
    const seen: string[] = []
    const s = createScheduler(runtimeAt(clock), { periodMs: 10 })
    s.register(recordingJob('tick', seen))
    const before = refTimeouts()
    s.start()
    s.start()
    assert.equal(refTimeouts(), before, 'the timer is unref’d')
    for (let i = 0; i < 100 && seen.length < 4; i++) await sleep(10)
    await s.stop()
    const count = seen.length
    assert.ok(count >= 4, `ran at least twice (${seen.join(' ')})`)
    assert.equal(seen[0], 'tick:start:42')
    await sleep(40)
    assert.equal(seen.length, count, 'no pass after stop()')
  })
})
