/**
 * node:https adapter for the instance API (data plane): the only instance code that touches sockets. It reads the
 * body, bounded at 3 MiB, and hands everything to `handleInstanceRequest`. A client certificate may be presented
 * (the Go SDK sends its client key's) but is not required or checked: requests are authenticated by signature.
 */
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { MAX_INSTANCE_BODY_BYTES, INSTANCE_CONTENT_TYPE } from '../instance-wire/constants.js'
import type { InstanceHttpRequest, InstanceHttpResponse } from './handle-instance.js'
import { encodeInstanceError } from './error-body.js'
import type { KmsError } from '../domain/errors.js'
import { drainServer } from '../protocol/drain-server.js'
import { listen } from '../protocol/listen.js'
import { BufferBudget, DEFAULT_LIMITS, type TransportLimits } from '../protocol/limits.js'
import { closeAfterRefusal, guardServer, readBody, serverOptions, type RawErrorResponse } from '../protocol/guard-server.js'
import { secureContextOptions, tlsServerOptions, type ServerTls } from '../protocol/tls-options.js'

export type { ServerTls } from '../protocol/tls-options.js'

export interface InstanceServerOptions {
  host: string
  port: number
  tls: ServerTls
  log: Logger
  /** Transport bounds; the body bound is the instance API's own (3 MiB, as Alibaba documents). */
  limits?: TransportLimits
  /** RequestIds for errors answered before the pipeline (over-long headers, deadlines, refused bodies). */
  requestId?: () => string
  handle(req: InstanceHttpRequest): Promise<InstanceHttpResponse>
}

export interface RunningInstanceServer {
  server: Server
  /** e.g. https://127.0.0.1:18443 */
  url: string
  port: number
  /** Serves a new certificate to new connections (after a reissue); existing connections keep theirs. */
  setTls(tls: ServerTls): void
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive connections. */
  close(): Promise<void>
}

export async function startInstanceServer(opts: InstanceServerOptions): Promise<RunningInstanceServer> {
  const limits = { ...(opts.limits ?? DEFAULT_LIMITS), maxBodyBytes: MAX_INSTANCE_BODY_BYTES }
  const budget = new BufferBudget(limits.maxBufferedBytes)
  const server = createServer(
    { ...serverOptions(limits), ...tlsServerOptions(opts.tls, limits.headersTimeoutSeconds), requestCert: true, rejectUnauthorized: false },
    (req, res) => void serve(req, res, opts, limits, budget),
  )
  // The SDKs parse only protobuf error bodies: node's bare 431/408/400 answers would fail them with an unmarshal error.
  guardServer(server, limits, (err) => protobufError(err, opts), true)
  const { port, url } = await listen(server, opts.host, opts.port, 'https')
  return {
    server,
    port,
    url,
    setTls: (tls) => server.setSecureContext(secureContextOptions(tls)),
    close: () => drainServer(server),
  }
}

function protobufError(err: KmsError, opts: InstanceServerOptions): RawErrorResponse {
  return { status: err.status, headers: { 'content-type': INSTANCE_CONTENT_TYPE }, body: encodeInstanceError(err, opts.requestId?.() ?? '') }
}

async function serve(req: IncomingMessage, res: ServerResponse, opts: InstanceServerOptions, limits: TransportLimits, budget: BufferBudget): Promise<void> {
  try {
    const read = await readBody(req, limits, budget)
    if ('refused' in read) {
      const r = protobufError(read.refused, opts)
      closeAfterRefusal(req)
      res.writeHead(r.status, { ...r.headers, connection: 'close', 'content-length': String(r.body.length) }).end(r.body)
      return
    }
    try {
      const out = await opts.handle({
        method: req.method ?? '',
        url: req.url ?? '/',
        headers: req.headers,
        body: read.body,
        remoteAddress: req.socket.remoteAddress ?? '',
      })
      res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) }).end(out.body)
    } finally {
      read.release()
    }
  } catch (e) {
    opts.log.warn({ err: e }, 'instance API request failed in transport')
    if (!res.headersSent) res.writeHead(500)
    res.end()
  }
}
