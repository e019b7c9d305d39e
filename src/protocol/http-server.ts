/**
 * node:http adapter for the control plane: the only code that touches sockets. It reads the body (bounded),
 * answers the health endpoints, and hands everything else to handleRpc.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { handleRpc, type RpcDeps } from './handle-rpc.js'
import { KmsError } from '../domain/errors.js'
import { renderError } from './render.js'
import { drainServer } from './drain-server.js'
import { listen } from './listen.js'
import { UNOBSERVED } from '../audit/request-observer.js'

/** Far above any legal request (6 KB plaintext, 30 KB secret, both base64 and signed), far below harm. */
export const MAX_BODY_BYTES = 1024 * 1024

export interface HttpServerOptions {
  host: string
  port: number
  /** Readiness: false while starting or draining, so a load balancer stops sending traffic. */
  ready: () => Promise<boolean>
}

export interface RunningHttpServer {
  server: Server
  url: string
  port: number
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>
}

export async function startHttpServer(deps: RpcDeps, opts: HttpServerOptions): Promise<RunningHttpServer> {
  // V3 SDKs send every parameter in the query (a 30 KB secret too), so the request line gets the body's bound.
  const server = createServer({ keepAliveTimeout: 65_000, maxHeaderSize: MAX_BODY_BYTES }, (req, res) => {
    void serve(req, res, deps, opts)
  })
  // Node's own answer to an over-long request line is a bare 431; clients expect a catalogued JSON error.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy()
    if (err.code !== 'HPE_HEADER_OVERFLOW') {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'
      return void socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`)
    }
    const r = renderError(new KmsError('RequestEntityTooLarge'), deps.runtime.ids.requestId(), '', 'json')
    const head = Object.entries({ ...r.headers, 'content-length': Buffer.byteLength(r.body), connection: 'close' })
    socket.end(`HTTP/1.1 ${r.status} Request Entity Too Large\r\n${head.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${r.body}`)
  })
  const { port, url } = await listen(server, opts.host, opts.port, 'http')
  return {
    server,
    port,
    url,
    close: () => drainServer(server),
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: RpcDeps, opts: HttpServerOptions): Promise<void> {
  try {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/readyz')) {
      const ok = req.url === '/healthz' || (await opts.ready())
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }))
      return
    }
    const body = await readBody(req)
    if (body === undefined) {
      const requestId = deps.runtime.ids.requestId()
      // Refused before the pipeline, but still one audited request.
      const observer = deps.observer ?? UNOBSERVED
      const trace = observer.begin('openapi', requestId, { headers: req.headers, remoteAddress: req.socket.remoteAddress })
      const tooLarge = new KmsError('RequestEntityTooLarge')
      const render = (e: KmsError) => renderError(e, requestId, req.headers.host ?? '', 'json')
      const r = await observer.end(trace, tooLarge, render(tooLarge), render)
      res.writeHead(r.status, { ...r.headers, connection: 'close' }).end(r.body)
      return
    }
    const r = await handleRpc({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, remoteAddress: req.socket.remoteAddress }, deps)
    res.writeHead(r.status, r.headers).end(r.body)
  } catch (e) {
    deps.runtime.log.error({ err: e }, 'http adapter failure')
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
    res.end()
  }
}

/** Reads the body; undefined when it exceeds MAX_BODY_BYTES (the rest is discarded, not buffered). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      if (!tooLarge) chunks.push(c)
    })
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
