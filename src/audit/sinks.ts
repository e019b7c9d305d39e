/**
 * Where audit records go: the store (queryable, with retention), a JSON-lines file, or stdout for a log
 * shipper. A sink writes a whole batch or throws; it never reports success for records it did not persist.
 */
import { open, type FileHandle } from 'node:fs/promises'
import type { AuditRecord } from './record.js'
import type { AuditRepo, AuditRow } from '../store/store.js'

export interface AuditSink {
  /** For logs and metrics: 'store', 'file' or 'stdout'. */
  readonly name: string
  write(records: readonly AuditRecord[]): Promise<void>
  close(): Promise<void>
}

export function toLine(r: AuditRecord): string {
  return JSON.stringify(r)
}

/**
 * Appends to a JSON-lines file opened O_APPEND (each batch is one write, so processes sharing the file do
 * not interleave within a line). Seals are made durable with fdatasync; events in between reach the kernel
 * before the response is sent, so they survive a crash of the process but not of the machine.
 */
export async function fileSink(path: string): Promise<AuditSink> {
  const handle: FileHandle = await open(path, 'a', 0o600)
  return {
    name: 'file',
    async write(records) {
      const bytes = Buffer.from(records.map((r) => `${toLine(r)}\n`).join(''))
      let offset = 0
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
        if (bytesWritten <= 0) throw new Error(`audit file ${path}: nothing written`)
        offset += bytesWritten
      }
      if (records.some((r) => r.type === 'seal')) await handle.datasync()
    },
    close: () => handle.close(),
  }
}

/** JSON lines on stdout (OPENKMS_AUDIT_FILE=-), for a container's log collector. */
export function stdoutSink(out: NodeJS.WritableStream = process.stdout): AuditSink {
  return {
    name: 'stdout',
    write: (records) =>
      new Promise<void>((resolve, reject) => {
        out.write(records.map((r) => `${toLine(r)}\n`).join(''), (err) => (err ? reject(err) : resolve()))
      }),
    close: async () => undefined,
  }
}

export function rowOf(r: AuditRecord): AuditRow {
  const event = r.type === 'event' ? r.event : undefined
  return {
    chainId: r.chain,
    seq: r.seq,
    kind: r.type,
    time: Date.parse(r.type === 'event' ? r.event.eventTime : r.seal.time),
    requestId: event?.requestId ?? null,
    eventName: event?.eventName ?? null,
    errorCode: event?.errorCode ?? null,
    caller: event ? (event.userIdentity.accessKeyId ?? event.userIdentity.clientKeyId ?? null) : null,
    record: toLine(r),
  }
}

/** The store's `audit_records` table; one multi-row insert per batch. */
export function storeSink(repo: AuditRepo): AuditSink {
  return {
    name: 'store',
    write: (records) => repo.append(records.map(rowOf)),
    close: async () => undefined,
  }
}
