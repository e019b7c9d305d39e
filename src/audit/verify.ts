/**
 * Offline verification of audit chains (docs/audit.md). Records may come from one file holding several
 * processes' chains interleaved, or from the store; each chain is checked on its own, in the order its
 * records appear: every record must hash to its `hash`, follow its predecessor (`seq` + 1, `prev` = the
 * predecessor's hash), and every seal must carry a valid signature by a trusted key. What a seal covers
 * cannot change unnoticed; events after a chain's last seal are reported as an unsealed tail, since they
 * (or their removal) could not be told from a truncation.
 */
import type { KeyObject } from 'node:crypto'
import { GENESIS_HASH, recordHash, sealedBytes, type AuditRecord } from './record.js'
import { sealKeyId, verifySeal } from './seal-key.js'

export type Problem = 'malformed' | 'altered' | 'removed' | 'inserted' | 'reordered' | 'bad-seal' | 'unsealed-tail' | 'no-seal-key'

export interface Finding {
  problem: Problem
  /** Where the record is: a line number (files, from 1) or `chain#seq` (store). */
  at: string
  chain?: string
  seq?: number
  detail: string
}

export interface ChainSummary {
  chain: string
  records: number
  events: number
  seals: number
  /** The chain ends with its process's final seal. */
  closed: boolean
  /** Its first record is not seq 1 (older records removed by retention, anchored at a seal). */
  prunedBefore?: number
}

export interface VerifyReport {
  ok: boolean
  findings: Finding[]
  chains: ChainSummary[]
}

export interface LocatedRecord {
  at: string
  /** The record's text as stored; parsed here so malformed input is a finding, not a crash. */
  text: string
}

interface ChainState {
  summary: ChainSummary
  lastSeq: number
  lastHash: string
  /** Seqs seen in this chain, with the hash each had. */
  seen: Map<number, string>
  /** Seqs that appear anywhere in the input for this chain. */
  present: Set<number>
  broken: boolean
  unsealedSince?: { at: string; seq: number }
}

function parse(text: string): AuditRecord | undefined {
  try {
    const r = JSON.parse(text) as AuditRecord
    const shaped =
      r && typeof r === 'object' && typeof r.chain === 'string' && Number.isSafeInteger(r.seq) && r.seq > 0 &&
      typeof r.prev === 'string' && typeof r.hash === 'string' &&
      ((r.type === 'event' && typeof r.event === 'object' && r.event !== null) ||
        (r.type === 'seal' && typeof r.seal === 'object' && r.seal !== null && typeof r.seal.signature === 'string'))
    return shaped ? r : undefined
  } catch {
    return undefined
  }
}

/** Checks every chain in `input`; `keys` are the trusted seal public keys. */
export function verifyRecords(input: Iterable<LocatedRecord>, keys: readonly KeyObject[]): VerifyReport {
  const trusted = new Map(keys.map((k) => [sealKeyId(k), k]))
  const records: Array<{ at: string; record: AuditRecord }> = []
  const findings: Finding[] = []
  for (const { at, text } of input) {
    if (text.trim() === '') continue
    const record = parse(text)
    if (!record) findings.push({ problem: 'malformed', at, detail: 'not an audit record' })
    else records.push({ at, record })
  }
  const chains = new Map<string, ChainState>()
  for (const { record } of records) {
    let state = chains.get(record.chain)
    if (!state) {
      state = {
        summary: { chain: record.chain, records: 0, events: 0, seals: 0, closed: false },
        lastSeq: 0,
        lastHash: GENESIS_HASH,
        seen: new Map(),
        present: new Set(),
        broken: false,
      }
      chains.set(record.chain, state)
    }
    state.present.add(record.seq)
  }

  for (const { at, record } of records) {
    const s = chains.get(record.chain) as ChainState
    s.summary.records += 1
    if (record.type === 'event') s.summary.events += 1
    else s.summary.seals += 1
    if (s.broken) continue
    const report = (problem: Problem, detail: string) => {
      findings.push({ problem, at, chain: record.chain, seq: record.seq, detail })
      s.broken = true
    }
    const first = s.summary.records === 1
    if (recordHash(record) !== record.hash) {
      report('altered', `record ${record.chain}#${record.seq} does not hash to its recorded hash`)
      continue
    }
    if (first && record.seq !== 1) {
      // Retention keeps a seal as a chain's first remaining record; anything else means the start is missing.
      if (record.type !== 'seal') {
        report('removed', `chain ${record.chain} starts at seq ${record.seq}: records 1..${record.seq - 1} are missing`)
        continue
      }
      s.summary.prunedBefore = record.seq
    } else if (record.seq !== s.lastSeq + 1) {
      if (record.seq <= s.lastSeq) {
        const earlier = s.seen.get(record.seq)
        report('inserted', `seq ${record.seq} appears again after seq ${s.lastSeq}${earlier === record.hash ? ' (a copy)' : ''}`)
      } else {
        const missing = [] as number[]
        for (let q = s.lastSeq + 1; q < record.seq && missing.length < 3; q++) missing.push(q)
        const later = missing.some((q) => s.present.has(q))
        report(later ? 'reordered' : 'removed', later ? `seq ${record.seq} comes before seq ${s.lastSeq + 1}` : `seq ${s.lastSeq + 1}..${record.seq - 1} missing before seq ${record.seq}`)
      }
      continue
    } else if (record.prev !== s.lastHash) {
      report('altered', `seq ${record.seq} does not follow seq ${s.lastSeq} (its prev is not that record's hash): a record was altered, inserted or removed`)
      continue
    }
    s.seen.set(record.seq, record.hash)
    s.lastSeq = record.seq
    s.lastHash = record.hash
    if (record.type === 'seal') {
      const key = trusted.get(record.seal.keyId)
      if (!key) {
        report('no-seal-key', `seal ${record.chain}#${record.seq} is by key ${record.seal.keyId}, which is not among the trusted keys`)
        continue
      }
      if (!verifySeal(key, sealedBytes(record), record.seal.signature)) {
        report('bad-seal', `seal ${record.chain}#${record.seq} does not verify: records before it were altered, inserted or removed`)
        continue
      }
      s.unsealedSince = undefined
      s.summary.closed = record.seal.final
    } else {
      s.unsealedSince ??= { at, seq: record.seq }
      s.summary.closed = false
    }
  }
  for (const s of chains.values()) {
    if (s.broken || !s.unsealedSince) continue
    findings.push({
      problem: 'unsealed-tail',
      at: s.unsealedSince.at,
      chain: s.summary.chain,
      seq: s.unsealedSince.seq,
      detail: `chain ${s.summary.chain}: records from seq ${s.unsealedSince.seq} on follow its last seal (still being written, or a truncated tail)`,
    })
  }
  return { ok: findings.length === 0, findings, chains: [...chains.values()].map((s) => s.summary) }
}
