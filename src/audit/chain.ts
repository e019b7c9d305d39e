/**
 * One sink's view of this process's chain: hands out sequence numbers and links, and can step back when a
 * batch could not be written, so the records it writes next continue the chain that reached the sink.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { GENESIS_HASH, recordHash, sealedBytes, type AuditRecord, type EventRecord, type SealRecord } from './record.js'
import type { SealSigner } from './seal-key.js'
import type { AuditEvent } from './event.js'

/** A chain id unique to this process start: node name, pid, start time and 4 random bytes. */
export function newChainId(node: string = hostname()): string {
  const safeNode = node.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'node'
  return `${safeNode}.${process.pid}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`
}

export class ChainWriter {
  #seq = 0
  #head = GENESIS_HASH
  #sinceSeal = 0

  constructor(
    readonly chainId: string,
    private readonly signer: SealSigner,
  ) {}

  /** Events appended since the last seal. */
  get unsealed(): number {
    return this.#sinceSeal
  }

  /** The position to return to if the next records are not written. */
  mark(): { seq: number; head: string; sinceSeal: number } {
    return { seq: this.#seq, head: this.#head, sinceSeal: this.#sinceSeal }
  }

  rewind(m: { seq: number; head: string; sinceSeal: number }): void {
    this.#seq = m.seq
    this.#head = m.head
    this.#sinceSeal = m.sinceSeal
  }

  event(event: AuditEvent): EventRecord {
    const base = { chain: this.chainId, seq: ++this.#seq, prev: this.#head, type: 'event' as const, event }
    const record: EventRecord = { ...base, hash: recordHash(base) }
    this.#head = record.hash
    this.#sinceSeal += 1
    return record
  }

  seal(time: Date, final: boolean): SealRecord {
    const unsigned = { time: time.toISOString(), keyId: this.signer.keyId, final }
    const position = { chain: this.chainId, seq: ++this.#seq, prev: this.#head }
    const signature = this.signer.sign(sealedBytes({ ...position, seal: unsigned }))
    const base = { ...position, type: 'seal' as const, seal: { ...unsigned, signature } }
    const record: SealRecord = { ...base, hash: recordHash(base) }
    this.#head = record.hash
    this.#sinceSeal = 0
    return record
  }
}

export type { AuditRecord }
