/** The loop the jobs share: fetch what is due in batches and act on each item, isolating failures. */
import type { Runtime } from '../services/context.js'

const BATCH = 100
/** Bounds one pass; whatever is left is taken up by the next pass. */
const MAX_BATCHES_PER_PASS = 20

export interface DueOutcome {
  /** Items this process acted on. */
  done: number
  /** Items another writer changed or handled first. */
  skipped: number
  failed: number
}

/**
 * Repeatedly takes up to 100 due items and calls `act` on each (true = handled here, false = someone else
 * was first). Stops when a batch is short or brought no progress, so an item that keeps failing cannot
 * spin a pass; failures are logged with `describe(item)` and retried at the next pass.
 */
export async function workThroughDue<T>(
  rt: Runtime,
  fetchDue: (limit: number) => Promise<T[]>,
  act: (item: T) => Promise<boolean>,
  describe: (item: T) => Record<string, unknown>,
): Promise<DueOutcome> {
  const outcome: DueOutcome = { done: 0, skipped: 0, failed: 0 }
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
    const due = await fetchDue(BATCH)
    let progress = 0
    for (const item of due) {
      try {
        if (await act(item)) progress++
        else outcome.skipped++
      } catch (err) {
        outcome.failed++
        rt.log.error({ err, ...describe(item) }, 'background job item failed')
      }
    }
    outcome.done += progress
    if (due.length < BATCH || progress === 0) break
  }
  return outcome
}
