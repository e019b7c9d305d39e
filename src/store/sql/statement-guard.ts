/**
 * Lets a transaction survive one of its statements failing on purpose. On PostgreSQL any error aborts the
 * whole transaction (every later statement fails with 25P02 until rollback), so a caller that catches a
 * `UniqueViolation` inside `tx` and carries on would be stuck. The engine therefore guards the writes that
 * may raise an expected error (`uniqueAs`) with a savepoint; SQLite needs nothing, its transaction stays
 * usable after a failed statement.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** Runs one write so that its failure leaves the surrounding transaction usable. */
export type StatementGuard = <T>(write: () => Promise<T>) => Promise<T>

const guards = new AsyncLocalStorage<StatementGuard>()

/** Runs `fn` (a transaction body) with `guard` applied to every guarded write inside it. */
export function withStatementGuard<T>(guard: StatementGuard | undefined, fn: () => Promise<T>): Promise<T> {
  return guard ? runGuarded(guard, fn) : fn()
}

/** Guarded bodies running now; at zero the storage is disabled, for the reason given in sql-store.ts. */
let running = 0

async function runGuarded<T>(guard: StatementGuard, fn: () => Promise<T>): Promise<T> {
  running += 1
  try {
    return await guards.run(guard, fn)
  } finally {
    if (--running === 0) guards.disable()
  }
}

/** Runs `write` under the current transaction's guard, or plainly outside a guarded transaction. */
export function guarded<T>(write: () => Promise<T>): Promise<T> {
  const guard = guards.getStore()
  return guard ? guard(write) : write()
}
