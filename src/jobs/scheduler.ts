/**
 * A small runner for the background jobs (rotation, deletion, purges). Every `periodMs` it runs each
 * registered job once, in registration order, with the time of the injected clock; `runDue(now)` runs a
 * pass on demand (tests drive time that way). Passes never overlap, one job's failure does not stop the
 * others, and the timer does not keep the process alive. State lives in the store, so a restart simply
 * picks up whatever became due meanwhile.
 */
import type { Runtime } from '../services/context.js'

export interface Job {
  /** Short name, used in logs and as the key of its result in `runDue`. */
  readonly name: string
  /** Does whatever is due at `now`; must be safe when several processes run it at the same time. */
  run(rt: Runtime, now: number): Promise<unknown>
}

export interface Scheduler {
  register(job: Job): void
  /** Runs one pass at `now` (default: the clock's time) after any pass under way; resolves with each job's result. */
  runDue(now?: number): Promise<Record<string, unknown>>
  /** Starts the periodic passes (no-op when `periodMs` is 0). */
  start(): void
  /** Stops the timer and waits for a pass under way to finish. */
  stop(): Promise<void>
}

export function createScheduler(rt: Runtime, opts: { periodMs: number }): Scheduler {
  const jobs: Job[] = []
  let tail: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  async function pass(now: number): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {}
    for (const job of jobs) {
      try {
        results[job.name] = await job.run(rt, now)
      } catch (err) {
        rt.log.error({ err, job: job.name }, 'background job failed')
        results[job.name] = { error: err instanceof Error ? err.message : String(err) }
      }
    }
    return results
  }

  function runDue(now?: number): Promise<Record<string, unknown>> {
    if (stopped) return Promise.reject(new Error('the scheduler is stopped'))
    const next = tail.then(() => pass(now ?? rt.clock.now()))
    tail = next.catch(() => undefined)
    return next
  }

  function arm(): void {
    if (stopped || opts.periodMs <= 0) return
    timer = setTimeout(() => {
      timer = undefined
      void runDue().finally(arm)
    }, opts.periodMs)
    timer.unref()
  }

  return {
    register: (job) => void jobs.push(job),
    runDue,
    start() {
      if (!timer) arm()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = undefined
      await tail
    },
  }
}
