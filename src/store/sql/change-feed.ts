/**
 * Reads the `changes` table and hands every row to this process's listeners exactly once, in `seq` order:
 * its own notices (after their commit) and those of every other process on the same database. Rows are
 * read past `last`, the highest `seq` delivered so far. That is exact only if a row never becomes visible
 * after a row with a higher `seq`; both engines ensure it: SQLite has one writer at a time, and on
 * PostgreSQL the notifying transactions take an advisory lock before they write their rows, so they commit
 * in `seq` order (see src/store/postgres.ts).
 *
 * A catch-up runs when `sync()` asks for one (the request pipeline, after each local commit), when the
 * engine's push channel wakes it (PostgreSQL LISTEN/NOTIFY) and on a timer (`pollMs`), the fallback for
 * anything missed. When too much happened since `last` (the feed is pruned), or the table went backwards
 * (a restored database), every listener is told that everything may have changed (`EVERY_RESOURCE`).
 */
import type { Kysely } from 'kysely'
import { CHANGE_TOPICS, EVERY_RESOURCE, type ChangeTopic } from '../store.js'
import type { Database } from './schema.js'
import type { ChangeHub, Notice } from './change-hub.js'
import { toNumber } from './dialect-helpers.js'

/** Farther behind than this many rows, a catch-up announces a reset instead of reading them all. */
const CATCH_UP_LIMIT = 5_000

export interface ChangeFeedOptions {
  /** Period of the fallback poll in ms; 0 disables it. */
  pollMs: number
  /** Receives failures of background catch-ups (a later one retries). */
  onError: (err: unknown) => void
  /** The engine's change counter (SqlEngine.changes.version), when it has one. */
  version?: (() => number) | undefined
}

export class ChangeFeed {
  #last = 0
  /** `version()` as read at the start of the latest catch-up. */
  #versionSeen: number | undefined
  #running: Promise<void> | undefined
  #queued: Promise<void> | undefined
  /** The unforced syncs of the current event-loop turn, answered together (see #checkSoon). */
  #batch: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hub: ChangeHub,
    private readonly opts: ChangeFeedOptions,
  ) {}

  /** Starts from the current end of the feed (earlier rows concern no cache of this process) and arms the poll. */
  async start(): Promise<void> {
    this.#versionSeen = this.#readVersion()
    this.#last = await this.#top()
    if (this.opts.pollMs > 0) {
      this.#timer = setInterval(() => this.wake(), this.opts.pollMs)
      this.#timer.unref()
    }
  }

  /**
   * Resolves once every change committed before this call (by any process) has reached the listeners.
   * Concurrent calls share catch-ups: a call made while one is running waits for the next, which starts
   * after it, so the answer is never older than the call.
   */
  sync(force = false): Promise<void> {
    if (this.#closed) return Promise.resolve()
    if (!force && this.opts.version) return this.#checkSoon()
    return this.#syncNow(force)
  }

  /**
   * An unforced sync with an engine counter: every call made in one event-loop turn shares one reading of
   * the counter, taken in the check phase right after, i.e. after every one of those calls was made, so the
   * reading covers whatever any process committed before each of them (one reading per batch of requests
   * instead of one per request).
   */
  #checkSoon(): Promise<void> {
    if (!this.#batch) {
      let release!: () => void
      const ready = new Promise<void>((resolve) => (release = resolve))
      this.#batch = ready.then(() => this.#syncNow(false))
      setImmediate(() => {
        this.#batch = undefined
        release()
      })
    }
    return this.#batch
  }

  #syncNow(force: boolean): Promise<void> {
    if (this.#closed) return Promise.resolve()
    // Unforced and nobody else committed since the latest catch-up began: it covers everything committed
    // before this call, so waiting for it (if still running) is enough. `force` is for this process's own
    // commits, which the counter does not see.
    if (!force && this.#versionSeen !== undefined && this.#readVersion() === this.#versionSeen) {
      return this.#running ?? Promise.resolve()
    }
    if (!this.#running) {
      this.#running = this.#catchUp().catch((err: unknown) => {
        this.#versionSeen = undefined // whatever was missed, the next call reads the feed again
        throw err
      }).finally(() => {
        this.#running = undefined
      })
      return this.#running
    }
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined
        return this.#syncNow(true)
      })
    return this.#queued
  }

  /** A catch-up whose failure goes to `onError` (for timers and push channels). */
  wake(): void {
    this.sync().catch((err: unknown) => {
      if (!this.#closed) this.opts.onError(err)
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer) clearInterval(this.#timer)
    await Promise.allSettled([this.#running, this.#queued])
  }

  /** The engine counter; undefined (never equal to a reading) when there is none or it cannot be read. */
  #readVersion(): number | undefined {
    try {
      return this.opts.version?.()
    } catch {
      return undefined
    }
  }

  async #top(): Promise<number> {
    const row = await this.db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('top'))
      .executeTakeFirst()
    return row?.top == null ? 0 : toNumber(row.top)
  }

  async #catchUp(): Promise<void> {
    // Read before the feed: a commit landing in between is then seen twice (harmless), never missed.
    this.#versionSeen = this.#readVersion()
    const top = await this.#top()
    const last = this.#last
    if (top === last) return
    if (top < last || top - last > CATCH_UP_LIMIT) {
      this.#last = top
      this.hub.deliver(CHANGE_TOPICS.map((topic) => ({ topic, id: EVERY_RESOURCE })))
      return
    }
    const rows = await this.db
      .selectFrom('changes')
      .select(['seq', 'topic', 'resource_id'])
      .where('seq', '>', last)
      .where('seq', '<=', top)
      .orderBy('seq')
      .execute()
    this.#last = top
    this.hub.deliver(rows.map((r): Notice => ({ topic: r.topic as ChangeTopic, id: r.resource_id })))
  }
}
