/**
 * The retry loop behind every compare-and-set write (keys and secrets carry a `revision`): read the current
 * record, decide, write only if the revision is still the one read; when another writer got there first, start
 * over from a fresh read. A handful of attempts is plenty (each loser re-reads the winner's state); after that
 * the caller gets StateModifiedFailed and may retry the request.
 */
import { KmsErrors } from '../domain/errors.js'

/** Thrown inside an attempt whose compare-and-set lost; a transaction it leaves rolls back. */
export class ConcurrentChange extends Error {}

export const CAS_ATTEMPTS = 5

/**
 * Runs `attempt` until it yields a value. An attempt that yields null/undefined or throws ConcurrentChange lost
 * the race and is re-run; any other error ends the loop. `what` names the resource in StateModifiedFailed.
 */
export async function withCompareAndSet<T>(what: 'key' | 'secret', attempt: () => Promise<T | null | undefined>): Promise<T> {
  for (let n = 1; n <= CAS_ATTEMPTS; n++) {
    try {
      const result = await attempt()
      if (result !== null && result !== undefined) return result
    } catch (e) {
      if (!(e instanceof ConcurrentChange)) throw e
    }
  }
  throw KmsErrors.stateModifiedFailed(`The ${what} was modified concurrently; retry the request.`)
}
