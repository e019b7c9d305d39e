/**
 * The process's audit writer: takes events, chains them per sink, and writes them in group commits (every
 * event that arrives while a write is in flight goes into the next one). `record` resolves once every sink
 * has persisted the event, or with `false` when one could not: the caller then refuses the request (fail
 * closed) or serves it and counts the loss (fail open). A failed batch rewinds that sink's chain, so what the
 * sink holds stays one unbroken chain. Seals follow a period or a number of events, and a final one `close`.
 */
import type { Logger } from 'pino'
import { ChainWriter } from './chain.js'
import type { AuditRecord } from './record.js'
import type { SealSigner } from './seal-key.js'
import type { AuditSink } from './sinks.js'
import type { AuditEvent } from './event.js'

export interface AuditLogOptions {
  sinks: readonly AuditSink[]
  signer: SealSigner
  chainId: string
  now: () => Date
  log: Logger
  /** Seal at most this long after the first unsealed event (default 5 s). */
  sealEveryMs?: number
  /** …or after this many events (default 1000). */
  sealEveryEvents?: number
  /** Events waiting for a write beyond which new ones are refused at once (default 10,000). */
  maxBacklog?: number
  /** Called after each write attempt, for metrics. */
  onWrite?: (sink: string, seconds: number, ok: boolean) => void
}

type Item =
  | { kind: 'event'; event: AuditEvent; done: (ok: boolean) => void }
  /** `probe`: seal even with nothing new, to find out whether a failing sink writes again. */
  | { kind: 'seal'; final: boolean; probe?: boolean; done: (ok: boolean) => void }

/** While a sink fails, how often a seal is tried to find out whether it writes again (readiness follows). */
const PROBE_MS = 1000

const BATCH_LIMIT = 1000

export class AuditLog {
  readonly chainId: string
  #pending: Item[] = []
  #scheduled = false
  #flushing: Promise<void> | undefined
  #healthy = true
  #dropped = 0
  #closed = false
  #lastSeal = Date.now()
  readonly #chains: Array<{ sink: AuditSink; chain: ChainWriter }>
  readonly #timer: NodeJS.Timeout

  constructor(private readonly opts: AuditLogOptions) {
    this.chainId = opts.chainId
    this.#chains = opts.sinks.map((sink) => ({ sink, chain: new ChainWriter(opts.chainId, opts.signer) }))
    this.#timer = setInterval(() => this.#sealIfDue(), Math.min(PROBE_MS, opts.sealEveryMs ?? 5_000))
    this.#timer.unref()
  }

  /** False after a write failed, until one succeeds again. */
  get healthy(): boolean {
    return this.#healthy
  }

  /** Events waiting to be written. */
  get backlog(): number {
    return this.#pending.length
  }

  /** Events that could not be persisted since start. */
  get dropped(): number {
    return this.#dropped
  }

  get sinkNames(): string[] {
    return this.#chains.map((c) => c.sink.name)
  }

  /** Resolves true once every sink holds the event, false when one could not take it. */
  record(event: AuditEvent): Promise<boolean> {
    if (this.#closed || this.#pending.length >= (this.opts.maxBacklog ?? 10_000)) {
      this.#dropped += 1
      return Promise.resolve(false)
    }
    return new Promise((done) => {
      this.#pending.push({ kind: 'event', event, done })
      if (this.#chains.some((c) => c.chain.unsealed + this.#pending.length >= (this.opts.sealEveryEvents ?? 1_000))) this.#enqueueSeal(false)
      this.#schedule()
    })
  }

  /** Writes a final seal and whatever is pending, then closes the sinks. */
  async close(): Promise<void> {
    if (this.#closed) return
    clearInterval(this.#timer)
    await new Promise<boolean>((done) => {
      this.#pending.push({ kind: 'seal', final: true, done })
      this.#schedule()
    })
    this.#closed = true
    await this.#flushing
    for (const { sink } of this.#chains) await sink.close().catch((err) => this.opts.log.error({ err, sink: sink.name }, 'audit sink close failed'))
  }

  #sealIfDue(): void {
    if (this.#pending.some((i) => i.kind === 'seal')) return
    if (!this.#healthy) {
      this.#pending.push({ kind: 'seal', final: false, probe: true, done: () => undefined })
      this.#schedule()
      return
    }
    const due = Date.now() - this.#lastSeal >= (this.opts.sealEveryMs ?? 5_000)
    if (due && this.#chains.some((c) => c.chain.unsealed > 0)) {
      this.#enqueueSeal(false)
      this.#schedule()
    }
  }

  #enqueueSeal(final: boolean): void {
    if (this.#pending.some((i) => i.kind === 'seal')) return
    this.#pending.push({ kind: 'seal', final, done: () => undefined })
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      this.#flushing = this.#drain().finally(() => {
        this.#flushing = undefined
        if (this.#pending.length > 0) this.#schedule()
      })
    })
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, BATCH_LIMIT)
      const results = await Promise.all(this.#chains.map((c) => this.#writeTo(c, batch)))
      const ok = results.every(Boolean)
      if (ok && batch.some((i) => i.kind === 'seal')) this.#lastSeal = Date.now()
      if (ok !== this.#healthy) {
        this.#healthy = ok
        if (ok) this.opts.log.warn({ chain: this.chainId }, 'audit log writable again')
      }
      if (!ok) this.#dropped += batch.filter((i) => i.kind === 'event').length
      for (const item of batch) item.done(ok)
    }
  }

  async #writeTo(c: { sink: AuditSink; chain: ChainWriter }, batch: readonly Item[]): Promise<boolean> {
    const mark = c.chain.mark()
    const records: AuditRecord[] = []
    for (const item of batch) {
      if (item.kind === 'event') records.push(c.chain.event(item.event))
      else if (item.final || item.probe || c.chain.unsealed > 0) records.push(c.chain.seal(this.opts.now(), item.final))
    }
    if (records.length === 0) return true
    const started = performance.now()
    try {
      await c.sink.write(records)
      this.opts.onWrite?.(c.sink.name, (performance.now() - started) / 1000, true)
      return true
    } catch (err) {
      c.chain.rewind(mark)
      this.opts.onWrite?.(c.sink.name, (performance.now() - started) / 1000, false)
      this.opts.log.error({ err, sink: c.sink.name, chain: this.chainId, records: records.length }, 'audit sink write failed')
      return false
    }
  }
}
