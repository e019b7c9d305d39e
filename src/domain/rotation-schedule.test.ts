import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { nextRotationOnPolicy, rotationStep } from './rotation-schedule.js'
import { DAY } from './time.js'

const T = Date.UTC(2026, 0, 1)
const off = { automaticRotation: 'Disabled' as const, rotationInterval: null, nextRotationDate: null }

describe('rotation schedule', () => {
  it('enabling starts a period now; changing the interval keeps the period start; a past date is clamped to now', () => {
    assert.equal(nextRotationOnPolicy(off, 7 * 86400, T), T + 7 * DAY)
    const on = { automaticRotation: 'Enabled' as const, rotationInterval: 30 * 86400, nextRotationDate: T + 20 * DAY }
    assert.equal(nextRotationOnPolicy(on, 30 * 86400, T), T + 20 * DAY, 'same policy: unchanged')
    assert.equal(nextRotationOnPolicy(on, 60 * 86400, T), T + 50 * DAY)
    assert.equal(nextRotationOnPolicy(on, 7 * 86400, T), T, 'period already over: due now')
  })

  it('an on-time or slightly late rotation keeps the cadence; one overdue by an interval restarts from now', () => {
    assert.deepEqual(rotationStep(T, 7 * 86400, T + 30_000), { rotatedAt: T, next: T + 7 * DAY })
    assert.deepEqual(rotationStep(T, 7 * 86400, T + 7 * DAY - 1), { rotatedAt: T, next: T + 7 * DAY })
    assert.deepEqual(rotationStep(T, 7 * 86400, T + 7 * DAY), { rotatedAt: T + 7 * DAY, next: T + 14 * DAY })
    assert.deepEqual(rotationStep(T, 7 * 86400, T + 100 * DAY), { rotatedAt: T + 100 * DAY, next: T + 107 * DAY })
  })

  it('after any rotation the next one is in the future and at most one interval away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 7 * 86400, max: 730 * 86400 }),
        fc.integer({ min: 0, max: 3e10 }),
        (due, interval, late) => {
          const now = due + late
          const { rotatedAt, next } = rotationStep(due, interval, now)
          assert.ok(next > now && next - now <= interval * 1000)
          assert.equal(next - rotatedAt, interval * 1000)
          assert.ok(rotatedAt >= due && rotatedAt <= now)
        },
      ),
    )
  })
})
