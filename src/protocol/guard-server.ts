/**
 * Applies `TransportLimits` to a node:http or node:https server: deadlines, connection cap, header size, and
 * the answers node would otherwise give as bare status lines (431, 408, 400) or not at all (a connection over
 * the cap). Both servers use it; each supplies how an error is rendered (JSON for the control plane, protobuf
 * for the instance API, whose SDKs cannot parse anything else).
 */
import type { Server as HttpServer, IncomingMessage, ServerOptions } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import { KmsError, type ErrorCode } from '../domain/errors.js'
import type { BufferBudget, TransportLimits } from './limits.js'

/** An error response for a raw socket: status, headers and body, as the server's wire format renders it. */
export interface RawErrorResponse {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

export type RenderRawError = (err: KmsError) => RawErrorResponse

/** Node checks its header and request deadlines this often; a deadline is enforced to within this much. */
const DEADLINE_CHECK_MS = 1000
/** Longest a refused connection stays open, when its answer cannot be flushed (a client that does not read). */
const LINGER_MS = 2000

/** Options that node:http only takes at construction. */
export function serverOptions(limits: TransportLimits): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutSeconds * 1000,
    requestTimeout: limits.requestTimeoutSeconds * 1000,
    keepAliveTimeout: limits.idleTimeoutSeconds * 1000,
    connectionsCheckingInterval: Math.min(DEADLINE_CHECK_MS, limits.headersTimeoutSeconds * 500),
  }
}

/** Answers node's transport errors and counts connections; call once, after the server is created. */
export function guardServer(server: HttpServer | HttpsServer, limits: TransportLimits, render: RenderRawError, tls: boolean): void {
  server.setTimeout(limits.idleTimeoutSeconds * 1000, (socket) => socket.destroy())
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return void socket.destroy()
    const code: ErrorCode =
      err.code === 'HPE_HEADER_OVERFLOW' ? 'RequestEntityTooLarge' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'RequestTimeout' : 'InvalidParameter'
    const message =
      code === 'RequestEntityTooLarge'
        ? `The request line and headers exceed ${limits.maxHeaderBytes} bytes.`
        : code === 'RequestTimeout'
          ? `The request did not arrive within ${limits.requestTimeoutSeconds} seconds (headers within ${limits.headersTimeoutSeconds}).`
          : 'The request is not valid HTTP/1.1.'
    socket.end(rawResponse(render(new KmsError(code, message))))
  })
  // Counted where the resource is held: the TCP connection (plain HTTP) or the established TLS session. A TLS
  // handshake in progress is bounded by the handshake deadline instead, since nothing can be answered before it.
  let open = 0
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    open++
    socket.once('close', () => open--)
    if (open > limits.maxConnections) {
      const err = new KmsError('Rejected.Throttling', `The server has ${limits.maxConnections} connections open; retry later.`)
      socket.end(rawResponse(render(err), { 'x-acs-retry-after': '1' }))
      setTimeout(() => socket.destroy(), LINGER_MS).unref()
    }
  })
}

/**
 * The outcome of reading a body under the limits: the bytes (to be released when answered) or the refusal;
 * `hostile` when the body cannot be a mistake (a parameter flood), so the rest of it is not even read.
 */
export type BodyRead = { body: Buffer; release(): void } | { refused: KmsError; hostile?: boolean }

/**
 * Reads a request body under the per-request and all-connections bounds. On the first byte past either, it stops
 * keeping data and resolves with the refusal at once (a chunked body that never ends is answered, not read
 * forever); `refuse` then answers and closes.
 */
export function readBody(req: IncomingMessage, limits: TransportLimits, budget: BufferBudget, opts: { countParamsFrom?: number } = {}): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let held = 0
    let done = false
    // A form body's parameters are counted as it arrives (from the query's count), so a flood is refused after
    // the first few kilobytes instead of being read, buffered and then counted.
    let params = opts.countParamsFrom
    const release = () => {
      budget.release(held)
      held = 0
    }
    const refuse = (err: KmsError, hostile = false) => {
      done = true
      release()
      chunks.length = 0
      req.removeListener('data', onData)
      resolve({ refused: err, hostile })
    }
    const tooLarge = () => new KmsError('RequestEntityTooLarge', `The request body exceeds ${limits.maxBodyBytes} bytes.`)
    const onData = (c: Buffer) => {
      if (held + c.length > limits.maxBodyBytes) return refuse(tooLarge())
      if (!budget.reserve(c.length)) return refuse(new KmsError('Rejected.Throttling', 'The server holds too many request bodies; retry later.'))
      held += c.length
      chunks.push(c)
      if (params !== undefined) {
        // Each chunk's separators; the first parameter of the body counts once, when the body starts.
        if (held === c.length) params++
        for (let i = c.indexOf(0x26); i >= 0 && params <= limits.maxParams; i = c.indexOf(0x26, i + 1)) params++
        if (params > limits.maxParams)
          return refuse(new KmsError('InvalidParameter', `The request carries more than ${limits.maxParams} parameters.`), true)
      }
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limits.maxBodyBytes) return refuse(tooLarge())
    req.on('data', onData)
    req.on('end', () => {
      if (!done) resolve({ body: Buffer.concat(chunks, held), release })
    })
    req.on('error', (e) => {
      release()
      if (!done) reject(e)
    })
  })
}

/**
 * After a refused body the connection closes once the answer is written (node ends a `connection: close`
 * response's socket when it is flushed). Until then what the client still sends is read and dropped, never kept;
 * a hostile body (a parameter flood) is not read at all. The timer destroys a socket whose answer cannot be
 * flushed (a client that does not read).
 */
export function closeAfterRefusal(req: IncomingMessage, hostile = false): void {
  if (hostile) {
    // Not read any further: the socket goes once the answer is written (the client has it in its buffer).
    req.pause()
    req.socket.once('finish', () => req.socket.destroy())
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref()
    return
  }
  req.on('data', () => {})
  req.resume()
  setTimeout(() => req.socket.destroy(), LINGER_MS).unref()
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
}

function rawResponse(r: RawErrorResponse, extra: Record<string, string> = {}): Buffer {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body
  const headers = { ...r.headers, ...extra, 'content-length': String(body.length), connection: 'close' }
  const head = `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? 'Error'}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), body])
}
