/**
 * Change notices: the listeners of this process, and the `changes` table that carries every notice to
 * every process. Each notice is written in the transaction that caused it, so a rolled-back change is
 * never announced; `change-feed.ts` reads the table back and delivers it, to this process as to others.
 */
import { sql } from 'kysely';
import { MAX_ROWS_PER_INSERT } from './dialect-helpers.js';
/** The feed keeps at least this many recent rows; older ones are pruned now and then. */
const FEED_KEEP = 10_000;
const PRUNE_EVERY = 1_000;
export class ChangeHub {
    #listeners = new Set();
    #writes = 0;
    subscribe(listener) {
        this.#listeners.add(listener);
        return () => {
            this.#listeners.delete(listener);
        };
    }
    /** Calls every listener; one that throws is reported as a process warning and does not stop the others. */
    deliver(notices) {
        for (const { topic, id } of notices) {
            for (const listener of [...this.#listeners]) {
                try {
                    listener(topic, id);
                }
                catch (err) {
                    process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'OpenKmsChangeListener');
                }
            }
        }
    }
    /** Appends a transaction's notices to the feed with `db`, that transaction's connection, in one insert. */
    async record(db, notices) {
        if (notices.length === 0)
            return;
        const now = Date.now();
        for (let start = 0; start < notices.length; start += MAX_ROWS_PER_INSERT) {
            const rows = notices.slice(start, start + MAX_ROWS_PER_INSERT);
            await db
                .insertInto('changes')
                .values(rows.map((n) => ({ topic: n.topic, resource_id: n.id, created_at: now })))
                .execute();
        }
        const before = this.#writes;
        this.#writes += notices.length;
        if (Math.floor(before / PRUNE_EVERY) !== Math.floor(this.#writes / PRUNE_EVERY)) {
            await db
                .deleteFrom('changes')
                .where('seq', '<', sql `(select max(seq) from changes) - ${FEED_KEEP}`)
                .execute();
        }
    }
}
