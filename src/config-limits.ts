/**
 * Resource bounds of the two HTTP servers (control plane and instance API), so hostile input costs a bounded
 * amount of memory, time and CPU before it is refused (docs/security.md, "Limits", gives each default and why).
 * Every bound refuses with a catalogued error and a 4xx status, never a 5xx: a client that sent too much is at
 * fault, and `Rejected.Throttling` (429) is what Alibaba's retry helpers retry when the server is merely busy.
 * Settings: `OPENKMS_<NAME>` and `openkms serve --<flag>` for each.
 */

export interface TransportLimits {
  /** Query plus form-body parameters per request; counted before any is decoded. */
  maxParams: number
  /** Request line plus headers, bytes (node's `maxHeaderSize`). V3 SDKs put every parameter in the query. */
  maxHeaderBytes: number
  /** Request body, bytes; counted as it streams, chunked bodies included. */
  maxBodyBytes: number
  /** Whole header block must arrive within this many seconds of the connection's first byte (slowloris). */
  headersTimeoutSeconds: number
  /** Whole request (headers and body) must arrive within this many seconds. */
  requestTimeoutSeconds: number
  /** A connection with no traffic in either direction for this long is closed (also between keep-alive requests). */
  idleTimeoutSeconds: number
  /** Connections open at once; one more is answered `Rejected.Throttling` and closed. */
  maxConnections: number
  /** Request-body bytes held in memory across all connections; a body that would exceed it is refused. */
  maxBufferedBytes: number
}

export const DEFAULT_LIMITS: TransportLimits = {
  maxParams: 1000,
  maxHeaderBytes: 128 * 1024,
  maxBodyBytes: 1024 * 1024,
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 30,
  idleTimeoutSeconds: 65,
  maxConnections: 512,
  maxBufferedBytes: 64 * 1024 * 1024,
}

/** Settings: `OPENKMS_<NAME>` and `--<flag>` for each limit, in one table so config, CLI and docs agree. */
export const LIMIT_SETTINGS: ReadonlyArray<{ key: keyof TransportLimits; env: string; flag: string }> = [
  { key: 'maxParams', env: 'OPENKMS_MAX_PARAMS', flag: 'max-params' },
  { key: 'maxHeaderBytes', env: 'OPENKMS_MAX_HEADER_BYTES', flag: 'max-header-bytes' },
  { key: 'maxBodyBytes', env: 'OPENKMS_MAX_BODY_BYTES', flag: 'max-body-bytes' },
  { key: 'headersTimeoutSeconds', env: 'OPENKMS_HEADERS_TIMEOUT', flag: 'headers-timeout' },
  { key: 'requestTimeoutSeconds', env: 'OPENKMS_REQUEST_TIMEOUT', flag: 'request-timeout' },
  { key: 'idleTimeoutSeconds', env: 'OPENKMS_IDLE_TIMEOUT', flag: 'idle-timeout' },
  { key: 'maxConnections', env: 'OPENKMS_MAX_CONNECTIONS', flag: 'max-connections' },
  { key: 'maxBufferedBytes', env: 'OPENKMS_MAX_BUFFERED_BYTES', flag: 'max-buffered-bytes' },
]

/** Reads the limits from text settings (environment or flags); a value that is not a positive number is refused. */
export function limitsFrom(get: (setting: { env: string; flag: string }) => string | undefined): TransportLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const s of LIMIT_SETTINGS) {
    const text = get(s)
    if (text === undefined || text === '') continue
    const n = Number(text)
    const seconds = s.key.endsWith('Seconds')
    if (!Number.isFinite(n) || n <= 0 || (!seconds && !Number.isInteger(n)))
      throw new Error(`${s.env} / --${s.flag}: expected a positive ${seconds ? 'number of seconds' : 'whole number'}, got ${text}`)
    limits[s.key] = n
  }
  // node refuses a header deadline longer than the whole-request deadline; say which settings to change.
  if (limits.headersTimeoutSeconds > limits.requestTimeoutSeconds)
    throw new Error(
      `OPENKMS_HEADERS_TIMEOUT (${limits.headersTimeoutSeconds} s) must not exceed OPENKMS_REQUEST_TIMEOUT (${limits.requestTimeoutSeconds} s)`,
    )
  return limits
}

