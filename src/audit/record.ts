/**
 * The records of an audit chain, as they are written to every sink (one JSON object per line in a file, one
 * row per record in the store). A chain is one process's sequence: `seq` counts from 1 without gaps, `prev`
 * is the previous record's `hash`, and `hash` is the SHA-256 of the canonical JSON of the record without it.
 * A `seal` record signs the chain position it follows, so nothing before it can change unnoticed.
 */
import { createHash } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'
import type { AuditEvent } from './event.js'

/** `prev` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64)

interface RecordBase {
  /** The chain (one per process): `<node>.<pid>.<start time>.<random>`. */
  chain: string
  seq: number
  prev: string
  hash: string
}

export interface EventRecord extends RecordBase {
  type: 'event'
  event: AuditEvent
}

export interface Seal {
  /** ISO time of the seal. */
  time: string
  /** Names the seal key (seal-key.ts `keyId`). */
  keyId: string
  /** True for the seal written when the process stops: nothing follows it. */
  final: boolean
  /** Ed25519 signature (base64) over `sealedBytes(record)`. */
  signature: string
}

export interface SealRecord extends RecordBase {
  type: 'seal'
  seal: Seal
}

export type AuditRecord = EventRecord | SealRecord

export type Unhashed<R extends AuditRecord> = Omit<R, 'hash'>

export function recordHash(record: Unhashed<AuditRecord>): string {
  const { hash: _ignored, ...rest } = record as AuditRecord
  return createHash('sha256').update(canonicalJson(rest)).digest('hex')
}

/** What a seal signs: the chain, its position, the hash it follows, its time, key and finality. */
export function sealedBytes(r: { chain: string; seq: number; prev: string; seal: Omit<Seal, 'signature'> }): Buffer {
  return Buffer.from(canonicalJson({ chain: r.chain, seq: r.seq, prev: r.prev, time: r.seal.time, keyId: r.seal.keyId, final: r.seal.final }))
}
