/**
 * Replay protection for signed requests (spec/kms-openapi.md §2.2 `SignatureNonce`, §8 "Nonce cache"): each
 * (AccessKeyId, nonce) is accepted once while a request carrying it could still pass the ±15 min time check.
 * The nonces live in the shared store, so the guarantee holds across processes and restarts.
 */
import type { Clock } from '../domain/clock.js'
import { MINUTE } from '../domain/time.js'
import type { NonceClaim, NonceRepo } from '../store/repos/auth.js'
import { KmsError } from '../domain/errors.js'

/** How far apart the clocks of two nodes sharing a store may be without a replay slipping through. */
export const CLOCK_SKEW_MS = MINUTE

/** Longest nonce openkms stores; SDKs send 32 or 64 hex characters. Longer ones are refused by `authenticate`. */
export const MAX_NONCE_LENGTH = 128

export interface NonceGuardOptions {
  /** Accepted clock skew of a request, ± (default 15 min, spec §2.2); never less than authenticate's window. */
  windowMs?: number
  /** How often expired nonces are deleted (default 60 s; 0 disables the timer). */
  purgeIntervalMs?: number
  /** Most claims sent to the store in one call (default 1000). */
  maxBatch?: number
  /**
   * Receives store failures: of purges (otherwise dropped, a later purge retries) and of claims (whose callers
   * get a retryable `ServiceUnavailableTemporary` instead of the store's error).
   */
  onError?: (err: unknown) => void
}

interface Pending {
  claim: NonceClaim
  resolve: (fresh: boolean) => void
  reject: (err: unknown) => void
}

/**
 * Group-commits nonce claims: every claim made in the same event-loop turn, plus those that arrive while a
 * batch is being written, goes to `NonceRepo.claim` as one batch, i.e. one store transaction instead of one
 * commit per request. Duplicates inside a batch are resolved here (the first wins, the others get `false`).
 */
export class NonceGuard {
  private readonly windowMs: number
  private readonly maxBatch: number
  private readonly onError: (err: unknown) => void
  private readonly timer: NodeJS.Timeout | undefined
  private queue: Pending[] = []
  private scheduled = false
  private flushing: Promise<void> | undefined

  constructor(
    private readonly repo: NonceRepo,
    private readonly clock: Clock,
    opts: NonceGuardOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 15 * MINUTE
    this.maxBatch = Math.max(1, opts.maxBatch ?? 1000)
    this.onError = opts.onError ?? (() => {})
    const every = opts.purgeIntervalMs ?? MINUTE
    if (every > 0) {
      this.timer = setInterval(() => void this.purge().catch(this.onError), every)
      this.timer.unref()
    }
  }

  /**
   * Resolves `true` when the nonce is new for this AccessKey, `false` when it was seen before (replay).
   * `requestTime` (the signed timestamp, epoch ms) lets the record expire when a replay would fail the time
   * check anyway, on any node: requestTime + window, plus CLOCK_SKEW_MS for nodes whose clocks differ.
   * Derived from the signed time alone, the expiry is the same for every copy of a request, which the
   * SQLite nonce file keys its rows by. Without it the worst case, now + 2 × window, is kept.
   */
  claim(accessKeyId: string, nonce: string, requestTime?: number): Promise<boolean> {
    const expiresAt = requestTime === undefined ? this.clock.now() + 2 * this.windowMs : requestTime + this.windowMs + CLOCK_SKEW_MS
    const claim: NonceClaim = { accessKeyId, nonce, expiresAt }
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ claim, resolve, reject })
      this.schedule()
    })
  }

  /** Deletes expired nonces now; returns how many went. */
  purge(): Promise<number> {
    return this.repo.purge(this.clock.now())
  }

  /** Stops the purge timer and waits until every claim already made has been answered. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    while (this.flushing || this.queue.length > 0 || this.scheduled) {
      await (this.flushing ?? new Promise<void>((r) => setImmediate(r)))
    }
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      if (this.queue.length > 0) this.flushing = this.drain()
    })
  }

  /**
   * Sends batches one at a time; claims that queue up meanwhile form the next batch. `flushing` is cleared
   * in the same synchronous step that finds the queue empty, so no claim can be left waiting in between.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch)
        await this.send(batch)
      }
    } finally {
      this.flushing = undefined
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const entries: NonceClaim[] = []
    const seen = new Map<string, number>()
    const slots = batch.map(({ claim }) => {
      const key = `${claim.accessKeyId.length}:${claim.accessKeyId}${claim.nonce}`
      if (seen.has(key)) return -1
      seen.set(key, entries.length)
      entries.push(claim)
      return entries.length - 1
    })
    try {
      const fresh = await this.repo.claim(entries)
      if (fresh.length !== entries.length) throw new Error(`NonceRepo.claim answered ${fresh.length} of ${entries.length}`)
      batch.forEach((p, i) => p.resolve(slots[i] === -1 ? false : fresh[slots[i]!] === true))
    } catch (err) {
      // The store, not the request, failed: the caller gets a 503 its SDK retries, never a 500.
      this.onError(err)
      const refusal = new KmsError('ServiceUnavailableTemporary', 'Service Unavailable Temporary: the signature nonce could not be recorded.')
      for (const p of batch) p.reject(refusal)
    }
  }
}
