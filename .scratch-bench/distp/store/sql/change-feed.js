import { CHANGE_TOPICS, EVERY_RESOURCE } from '../store.js';
import { toNumber } from './dialect-helpers.js';
/** Farther behind than this many rows, a catch-up announces a reset instead of reading them all. */
const CATCH_UP_LIMIT = 5_000;
export class ChangeFeed {
    db;
    hub;
    opts;
    #last = 0;
    #running;
    #queued;
    #timer;
    #closed = false;
    constructor(db, hub, opts) {
        this.db = db;
        this.hub = hub;
        this.opts = opts;
    }
    /** Starts from the current end of the feed (earlier rows concern no cache of this process) and arms the poll. */
    async start() {
        this.#last = await this.#top();
        if (this.opts.pollMs > 0) {
            this.#timer = setInterval(() => this.wake(), this.opts.pollMs);
            this.#timer.unref();
        }
    }
    /**
     * Resolves once every change committed before this call (by any process) has reached the listeners.
     * Concurrent calls share catch-ups: a call made while one is running waits for the next, which starts
     * after it, so the answer is never older than the call.
     */
    sync() {
        if (this.#closed)
            return Promise.resolve();
        if (!this.#running) {
            this.#running = this.#catchUp().finally(() => {
                this.#running = undefined;
            });
            return this.#running;
        }
        this.#queued ??= this.#running
            .catch(() => undefined)
            .then(() => {
            this.#queued = undefined;
            return this.sync();
        });
        return this.#queued;
    }
    /** A catch-up whose failure goes to `onError` (for timers and push channels). */
    wake() {
        this.sync().catch((err) => {
            if (!this.#closed)
                this.opts.onError(err);
        });
    }
    async close() {
        this.#closed = true;
        if (this.#timer)
            clearInterval(this.#timer);
        await Promise.allSettled([this.#running, this.#queued]);
    }
    async #top() {
        const row = await this.db
            .selectFrom('changes')
            .select((eb) => eb.fn.max('seq').as('top'))
            .executeTakeFirst();
        return row?.top == null ? 0 : toNumber(row.top);
    }
    async #catchUp() {
        const top = await this.#top();
        const last = this.#last;
        if (top === last)
            return;
        if (top < last || top - last > CATCH_UP_LIMIT) {
            this.#last = top;
            this.hub.deliver(CHANGE_TOPICS.map((topic) => ({ topic, id: EVERY_RESOURCE })));
            return;
        }
        const rows = await this.db
            .selectFrom('changes')
            .select(['seq', 'topic', 'resource_id'])
            .where('seq', '>', last)
            .where('seq', '<=', top)
            .orderBy('seq')
            .execute();
        this.#last = top;
        this.hub.deliver(rows.map((r) => ({ topic: r.topic, id: r.resource_id })));
    }
}
