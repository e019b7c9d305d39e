/** The audit log's store sink (src/audit/, docs/audit.md): append-only rows, read back for listing and verifying. */

/** One record of an audit chain. `record` is the record's JSON exactly as hashed; the rest is copied out of it. */
export interface AuditRow {
  chainId: string
  seq: number
  kind: 'event' | 'seal'
  /** Epoch ms of the event (or seal). */
  time: number
  requestId: string | null
  eventName: string | null
  errorCode: string | null
  /** AccessKeyId or client key id. */
  caller: string | null
  record: string
}

export interface AuditQuery {
  /** Epoch ms, inclusive. */
  from?: number
  /** Epoch ms, exclusive. */
  to?: number
  eventName?: string
  caller?: string
  requestId?: string
  /** Only refused requests (any error code). */
  errorsOnly?: boolean
  limit: number
}

export interface AuditRepo {
  /** Inserts the rows in one statement per 1000 rows; all or nothing. */
  append(rows: readonly AuditRow[]): Promise<void>
  /** Events (not seals) matching the query, newest first. */
  list(q: AuditQuery): Promise<AuditRow[]>
  /** Every chain id present. */
  chains(): Promise<string[]>
  /** Records of one chain with `seq > afterSeq`, in sequence order. */
  readChain(chainId: string, afterSeq: number, limit: number): Promise<AuditRow[]>
  /**
   * Retention: in each chain, deletes the records before the last seal older than `before` (that seal stays,
   * so what remains still starts at a verifiable point). Returns the number of rows deleted.
   */
  prune(before: number): Promise<number>
}
