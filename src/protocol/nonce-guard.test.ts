import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { ManualClock } from '../domain/clock.js'
import { MINUTE } from '../domain/time.js'
import type { NonceClaim, NonceRepo } from '../store/repos/auth.js'
import { CLOCK_SKEW_MS, NonceGuard } from './nonce-guard.js'

/** In-memory NonceRepo with the contract of src/store/repos/auth.ts, recording every call. */
class MemoryNonces implements NonceRepo {
  readonly rows = new Map<string, number>()
  readonly calls: NonceClaim[][] = []
  purges: number[] = []
  hold: Promise<void> | undefined
  failNext = false
  async claim(entries: NonceClaim[]): Promise<boolean[]> {
    this.calls.push(entries.map((e) => ({ ...e })))
    if (this.hold) await this.hold
    if (this.failNext) {
      this.failNext = false
      throw new Error('disk full')
    }
    return entries.map((e) => {
      const key = `${e.accessKeyId}/${e.nonce}`
      if (this.rows.has(key)) return false
      this.rows.set(key, e.expiresAt)
      return true
    })
  }
  async purge(now: number): Promise<number> {
    this.purges.push(now)
    let n = 0
    for (const [k, exp] of this.rows) if (exp < now && this.rows.delete(k)) n++
    return n
  }
}

function setup(opts: ConstructorParameters<typeof NonceGuard>[2] = { purgeIntervalMs: 0 }) {
  const repo = new MemoryNonces()
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  return { repo, clock, guard: new NonceGuard(repo, clock, opts) }
}

test('claims made in the same tick go to the store as one batch', async () => {
  const { repo, guard } = setup()
  const results = await Promise.all([guard.claim('ak1', 'n1'), guard.claim('ak1', 'n2'), guard.claim('ak2', 'n1')])
  assert.deepEqual(results, [true, true, true])
  assert.equal(repo.calls.length, 1)
  assert.equal(repo.calls[0]!.length, 3)
  await guard.close()
})

test('a duplicate inside one batch: the first wins, the second is a replay, the store sees it once', async () => {
  const { repo, guard } = setup()
  const results = await Promise.all([guard.claim('ak', 'n'), guard.claim('ak', 'n'), guard.claim('ak', 'other')])
  assert.deepEqual(results, [true, false, true])
  assert.deepEqual(repo.calls[0]!.map((c) => c.nonce), ['n', 'other'])
  await guard.close()
})

test('the AccessKey is part of the identity; separators cannot collide', async () => {
  const { guard } = setup()
  const results = await Promise.all([guard.claim('ab', 'c'), guard.claim('a', 'bc'), guard.claim('x', 'n'), guard.claim('y', 'n')])
  assert.deepEqual(results, [true, true, true, true])
  await guard.close()
})

test('a replay in a later batch is refused', async () => {
  const { guard } = setup()
  assert.equal(await guard.claim('ak', 'n'), true)
  assert.equal(await guard.claim('ak', 'n'), false)
  await guard.close()
})

/** Waits for a condition instead of a fixed delay: timers run late on a loaded machine. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await sleep(1)
  }
}

test('claims arriving while a batch is being written form the next batch', async () => {
  const { repo, guard } = setup()
  let release!: () => void
  repo.hold = new Promise<void>((r) => (release = r))
  const first = guard.claim('ak', 'a')
  await until(() => repo.calls.length === 1)
  const later = [guard.claim('ak', 'b'), guard.claim('ak', 'c'), guard.claim('ak', 'a')]
  await sleep(5)
  assert.equal(repo.calls.length, 1, 'nothing else is sent while a batch is in flight')
  repo.hold = undefined
  release()
  assert.deepEqual(await Promise.all([first, ...later]), [true, true, true, false])
  assert.equal(repo.calls.length, 2)
  assert.equal(repo.calls[1]!.length, 3)
  await guard.close()
})

test('maxBatch splits a large burst', async () => {
  const { repo, guard } = setup({ purgeIntervalMs: 0, maxBatch: 2 })
  const results = await Promise.all(['1', '2', '3', '4', '5'].map((n) => guard.claim('ak', n)))
  assert.deepEqual(results, [true, true, true, true, true])
  assert.deepEqual(repo.calls.map((c) => c.length), [2, 2, 1])
  await guard.close()
})

test('a store failure rejects that batch only', async () => {
  const { repo, guard } = setup()
  repo.failNext = true
  const failed = await Promise.allSettled([guard.claim('ak', 'a'), guard.claim('ak', 'b')])
  assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected'])
  // The caller sees a retryable 503 from the catalog, not the store's own error.
  for (const r of failed) assert.equal((r as PromiseRejectedResult).reason.code, 'ServiceUnavailableTemporary')
  assert.equal(await guard.claim('ak', 'a'), true)
  await guard.close()
})

test('a store answering with the wrong number of results is an error, not a silent accept', async () => {
  const { repo, guard } = setup()
  repo.claim = async () => []
  await assert.rejects(guard.claim('ak', 'a'), (e: { code?: string; status?: number }) => e.code === 'ServiceUnavailableTemporary' && e.status === 503)
  await guard.close()
})

test('records expire when a replay would fail the time check anyway', async () => {
  const { repo, clock, guard } = setup()
  const now = clock.now()
  await guard.claim('ak', 'no-time')
  await guard.claim('ak', 'past', now - 10 * MINUTE)
  await guard.claim('ak', 'future', now + 10 * MINUTE)
  const [batch1, batch2, batch3] = repo.calls
  assert.equal(batch1![0]!.expiresAt, now + 30 * MINUTE)
  // Signed time + window + clock skew margin: the same for every copy of a request, whenever it arrives.
  assert.equal(batch2![0]!.expiresAt, now - 10 * MINUTE + 15 * MINUTE + CLOCK_SKEW_MS)
  assert.equal(batch3![0]!.expiresAt, now + 10 * MINUTE + 15 * MINUTE + CLOCK_SKEW_MS)
  await guard.close()
})

test('the purge timer runs, is unref-ed, and stops on close', async () => {
  const { repo, clock, guard } = setup({ purgeIntervalMs: 10 })
  await guard.claim('ak', 'a')
  clock.advance(31 * MINUTE)
  assert.equal((guard as unknown as { timer: NodeJS.Timeout }).timer.hasRef(), false)
  await sleep(40)
  assert.ok(repo.purges.length >= 1)
  assert.equal(repo.rows.size, 0)
  await guard.close()
  const count = repo.purges.length
  await sleep(30)
  assert.equal(repo.purges.length, count)
})

test('purge failures go to onError', async () => {
  const errors: unknown[] = []
  const { repo, guard } = setup({ purgeIntervalMs: 5, onError: (e) => errors.push(e) })
  repo.purge = async () => {
    throw new Error('locked')
  }
  await sleep(30)
  await guard.close()
  assert.ok(errors.length >= 1)
})

test('close waits for claims already made', async () => {
  const { guard } = setup()
  let answered = false
  void guard.claim('ak', 'x').then(() => (answered = true))
  await guard.close()
  assert.equal(answered, true)
})

test('under a ragged burst each nonce is accepted exactly once', async () => {
  const { repo, guard } = setup({ purgeIntervalMs: 0, maxBatch: 7 })
  const claims: Array<Promise<[string, boolean]>> = []
  for (let i = 0; i < 300; i++) {
    const nonce = `n${i % 40}`
    const delay = i % 3 === 0 ? sleep(i % 5) : i % 3 === 1 ? Promise.resolve() : new Promise<void>((r) => setImmediate(r))
    claims.push(delay.then(() => guard.claim('ak', nonce)).then((ok) => [nonce, ok]))
  }
  const accepted = new Map<string, number>()
  for (const [nonce, ok] of await Promise.all(claims)) if (ok) accepted.set(nonce, (accepted.get(nonce) ?? 0) + 1)
  assert.equal(accepted.size, 40)
  assert.ok([...accepted.values()].every((n) => n === 1))
  assert.ok(repo.calls.length < 300, `batched into ${repo.calls.length} store calls`)
  await guard.close()
})
