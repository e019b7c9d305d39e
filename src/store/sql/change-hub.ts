/**
 * Change notices: listeners in this process, plus the `changes` table that carries notices to other
 * processes (each notice is written in the transaction that caused it, so a rolled-back change is never
 * announced; another process can poll `seq > lastSeen`).
 */
import { sql, type Kysely } from 'kysely'
import type { ChangeListener, ChangeTopic } from '../store.js'
import type { Database } from './schema.js'

export interface Notice {
  topic: ChangeTopic
  id: string
}

/** The feed keeps at least this many recent rows; older ones are pruned now and then. */
const FEED_KEEP = 10_000
const PRUNE_EVERY = 1_000

export class ChangeHub {
  readonly #listeners = new Set<ChangeListener>()
  #writes = 0

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Calls every listener; one that throws is reported as a process warning and does not stop the others. */
  deliver(notices: readonly Notice[]): void {
    for (const { topic, id } of notices) {
      for (const listener of [...this.#listeners]) {
        try {
          listener(topic, id)
        } catch (err) {
          process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'OpenKmsChangeListener')
        }
      }
    }
  }

  /** Appends the notice to the feed with `db` (the caller's transaction when there is one). */
  async record(db: Kysely<Database>, notice: Notice): Promise<void> {
    await db.insertInto('changes').values({ topic: notice.topic, resource_id: notice.id, created_at: Date.now() }).execute()
    this.#writes += 1
    if (this.#writes % PRUNE_EVERY === 0) {
      await db
        .deleteFrom('changes')
        .where('seq', '<', sql<number>`(select max(seq) from changes) - ${FEED_KEEP}`)
        .execute()
    }
  }
}
