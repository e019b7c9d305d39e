/**
 * node:https adapter for the instance API (data plane): the only instance code that touches sockets. It reads the
 * body, bounded at 3 MiB, and hands everything to `handleInstanceRequest`. A client certificate may be presented
 * (the Go SDK sends its client key's) but is not required or checked: requests are authenticated by signature.
 */
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { MAX_INSTANCE_BODY_BYTES } from '../instance-wire/constants.js'
import type { InstanceHttpRequest, InstanceHttpResponse } from './handle-instance.js'
import { drainServer } from '../protocol/drain-server.js'
import { listen } from '../protocol/listen.js'

/** A body this much larger than the limit is not even drained: the connection is cut. */
const DRAIN_LIMIT_BYTES = 4 * MAX_INSTANCE_BODY_BYTES

export interface ServerTls {
  keyPem: string
  /** Server certificate then the second CA. */
  certChainPem: string
}

export interface InstanceServerOptions {
  host: string
  port: number
  tls: ServerTls
  log: Logger
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

function secureOptions(tls: ServerTls) {
  return { key: tls.keyPem, cert: tls.certChainPem, minVersion: 'TLSv1.2' as const }
}

export async function startInstanceServer(opts: InstanceServerOptions): Promise<RunningInstanceServer> {
  const server = createServer(
    { ...secureOptions(opts.tls), requestCert: true, rejectUnauthorized: false, keepAliveTimeout: 65_000 },
    (req, res) => void serve(req, res, opts),
  )
  const { port, url } = await listen(server, opts.host, opts.port, 'https')
  return {
    server,
    port,
    url,
    setTls: (tls) => server.setSecureContext(secureOptions(tls)),
    close: () => drainServer(server),
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, opts: InstanceServerOptions): Promise<void> {
  try {
    const undrained = Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT_BYTES
    const body = undrained ? null : await readBody(req)
    const out = await opts.handle({
      method: req.method ?? '',
      url: req.url ?? '/',
      headers: req.headers,
      body,
      remoteAddress: req.socket.remoteAddress ?? '',
    })
    // A body announced as far too large is not read: the connection closes after the answer instead.
    const headers = undrained ? { ...out.headers, connection: 'close' } : out.headers
    res.writeHead(out.status, { ...headers, 'content-length': String(out.body.length) }).end(out.body)
  } catch (e) {
    opts.log.warn({ err: e }, 'instance API request failed in transport')
    if (!res.headersSent) res.writeHead(500)
    res.end()
  }
}

/**
 * Reads the body; null when it exceeds MAX_INSTANCE_BODY_BYTES (the excess is drained, not kept, up to
 * DRAIN_LIMIT_BYTES, beyond which the connection is destroyed).
 */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > DRAIN_LIMIT_BYTES) req.destroy(new Error('instance API request body far over the limit'))
      else if (size <= MAX_INSTANCE_BODY_BYTES) chunks.push(c)
    })
    req.on('end', () => resolve(size > MAX_INSTANCE_BODY_BYTES ? null : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
