import { MINUTE } from '../domain/time.js';
/** Longest nonce openkms stores; SDKs send 32 or 64 hex characters. Longer ones are refused by `authenticate`. */
export const MAX_NONCE_LENGTH = 128;
/**
 * Group-commits nonce claims: every claim made in the same event-loop turn, plus those that arrive while a
 * batch is being written, goes to `NonceRepo.claim` as one batch, i.e. one store transaction instead of one
 * commit per request. Duplicates inside a batch are resolved here (the first wins, the others get `false`).
 */
export class NonceGuard {
    repo;
    clock;
    windowMs;
    maxBatch;
    onError;
    timer;
    queue = [];
    scheduled = false;
    flushing;
    constructor(repo, clock, opts = {}) {
        this.repo = repo;
        this.clock = clock;
        this.windowMs = opts.windowMs ?? 15 * MINUTE;
        this.maxBatch = Math.max(1, opts.maxBatch ?? 1000);
        this.onError = opts.onError ?? (() => { });
        const every = opts.purgeIntervalMs ?? MINUTE;
        if (every > 0) {
            this.timer = setInterval(() => void this.purge().catch(this.onError), every);
            this.timer.unref();
        }
    }
    /**
     * Resolves `true` when the nonce is new for this AccessKey, `false` when it was seen before (replay).
     * `requestTime` (the signed timestamp, epoch ms) lets the record expire exactly when a replay would fail
     * the time check anyway; without it the worst case, now + 2 × window, is kept.
     */
    claim(accessKeyId, nonce, requestTime) {
        const now = this.clock.now();
        const until = requestTime === undefined ? now + this.windowMs : Math.max(now, requestTime);
        const claim = { accessKeyId, nonce, expiresAt: until + this.windowMs };
        return new Promise((resolve, reject) => {
            this.queue.push({ claim, resolve, reject });
            this.schedule();
        });
    }
    /** Deletes expired nonces now; returns how many went. */
    purge() {
        return this.repo.purge(this.clock.now());
    }
    /** Stops the purge timer and waits until every claim already made has been answered. */
    async close() {
        if (this.timer)
            clearInterval(this.timer);
        while (this.flushing || this.queue.length > 0 || this.scheduled) {
            await (this.flushing ?? new Promise((r) => setImmediate(r)));
        }
    }
    schedule() {
        if (this.scheduled || this.flushing)
            return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            if (this.queue.length > 0)
                this.flushing = this.drain();
        });
    }
    /**
     * Sends batches one at a time; claims that queue up meanwhile form the next batch. `flushing` is cleared
     * in the same synchronous step that finds the queue empty, so no claim can be left waiting in between.
     */
    async drain() {
        try {
            while (this.queue.length > 0) {
                const batch = this.queue.splice(0, this.maxBatch);
                await this.send(batch);
            }
        }
        finally {
            this.flushing = undefined;
        }
    }
    async send(batch) {
        const entries = [];
        const seen = new Map();
        const slots = batch.map(({ claim }) => {
            const key = `${claim.accessKeyId.length}:${claim.accessKeyId}${claim.nonce}`;
            if (seen.has(key))
                return -1;
            seen.set(key, entries.length);
            entries.push(claim);
            return entries.length - 1;
        });
        try {
            const fresh = await this.repo.claim(entries);
            if (fresh.length !== entries.length)
                throw new Error(`NonceRepo.claim answered ${fresh.length} of ${entries.length}`);
            batch.forEach((p, i) => p.resolve(slots[i] === -1 ? false : fresh[slots[i]] === true));
        }
        catch (err) {
            for (const p of batch)
                p.reject(err);
        }
    }
}
