/**
 * PostgreSQL transactions for the store: SERIALIZABLE, re-run when PostgreSQL aborts one to keep that
 * promise. Under SERIALIZABLE every committed set of transactions has the effect of some serial order, so
 * a read-modify-write can lose no update and a check-then-insert can break no invariant, whatever the
 * number of nodes; the price is that a conflicting transaction fails with 40001 and must run again.
 * https://www.postgresql.org/docs/current/transaction-iso.html#XACT-SERIALIZABLE
 */
import { sql } from 'kysely';
/** serialization_failure, deadlock_detected: PostgreSQL rolled the transaction back; running it again is safe. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Attempts before the failure reaches the caller; each conflict has one winner, so this bounds a burst of 30 writers. */
export const MAX_ATTEMPTS = 30;
/** Whether `err` is a conflict PostgreSQL resolved by rolling the transaction back. */
export function isRetryable(err) {
    const code = err?.code;
    return typeof code === 'string' && RETRYABLE.has(code);
}
/**
 * Runs `body` in a SERIALIZABLE transaction on one pooled connection, committing when it resolves and
 * rolling back when it throws; re-runs it (up to MAX_ATTEMPTS, with a short random pause that grows) when
 * the transaction or its commit fails with a retryable error. Other errors propagate unchanged.
 */
export async function runSerializable(db, body) {
    for (let attempt = 1;; attempt++) {
        try {
            return await db.connection().execute(async (conn) => {
                await sql `begin isolation level serializable`.execute(conn);
                try {
                    const result = await body(conn);
                    await sql `commit`.execute(conn);
                    return result;
                }
                catch (err) {
                    await sql `rollback`.execute(conn).catch(() => undefined);
                    throw err;
                }
            });
        }
        catch (err) {
            if (!isRetryable(err) || attempt >= MAX_ATTEMPTS)
                throw err;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
        }
    }
}
