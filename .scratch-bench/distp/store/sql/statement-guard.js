/**
 * Lets a transaction survive one of its statements failing on purpose. On PostgreSQL any error aborts the
 * whole transaction (every later statement fails with 25P02 until rollback), so a caller that catches a
 * `UniqueViolation` inside `tx` and carries on would be stuck. The engine therefore guards the writes that
 * may raise an expected error (`uniqueAs`) with a savepoint; SQLite needs nothing, its transaction stays
 * usable after a failed statement.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
const guards = new AsyncLocalStorage();
/** Runs `fn` (a transaction body) with `guard` applied to every guarded write inside it. */
export function withStatementGuard(guard, fn) {
    return guard ? guards.run(guard, fn) : fn();
}
/** Runs `write` under the current transaction's guard, or plainly outside a guarded transaction. */
export function guarded(write) {
    const guard = guards.getStore();
    return guard ? guard(write) : write();
}
