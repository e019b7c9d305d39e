/**
 * node:http / node:https adapter for the control plane: the only code that touches sockets. It applies the
 * transport limits (limits.ts, guard-server.ts), answers the health endpoints, refuses at once while the store
 * cannot commit, and hands everything else to handleRpc.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { handleRpc, type RpcDeps } from './handle-rpc.js'
import { KmsError } from '../domain/errors.js'
import { renderError } from './render.js'
import { drainServer } from './drain-server.js'
import { listen } from './listen.js'
import { BufferBudget, DEFAULT_LIMITS, exceedsParamCount, type TransportLimits } from './limits.js'
import { closeAfterRefusal, guardServer, readBody, serverOptions } from './guard-server.js'
import { secureContextOptions, tlsServerOptions, type ServerTls } from './tls-options.js'
import { UNOBSERVED } from '../audit/request-observer.js'

/** Far above any legal request (6 KB plaintext, 30 KB secret, both base64 and signed), far below harm. */
export const MAX_BODY_BYTES = DEFAULT_LIMITS.maxBodyBytes

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i

export interface HttpServerOptions {
  host: string
  port: number
  /** Readiness: false while starting or draining, or while the store cannot commit. */
  ready: () => Promise<boolean>
  /** Transport bounds (default DEFAULT_LIMITS). */
  limits?: TransportLimits
  /** HTTPS with this key and certificate chain; plain HTTP when absent. */
  tls?: ServerTls
  /**
   * Set while the store is known not to commit (health probe): requests are refused at once with
   * `ServiceUnavailableTemporary` instead of queueing behind a write that cannot finish.
   */
  storeUnavailable?: () => KmsError | undefined
}

export interface RunningHttpServer {
  server: Server
  url: string
  port: number
  /** HTTPS only: serves a new certificate to new connections; open connections keep theirs. */
  setTls(tls: ServerTls): void
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>
}

export async function startHttpServer(deps: RpcDeps, opts: HttpServerOptions): Promise<RunningHttpServer> {
  const limits = opts.limits ?? DEFAULT_LIMITS
  const budget = new BufferBudget(limits.maxBufferedBytes)
  const handler = (req: IncomingMessage, res: ServerResponse) => void serve(req, res, deps, opts, limits, budget)
  const server: Server = opts.tls
    ? (createHttpsServer({ ...serverOptions(limits), ...tlsServerOptions(opts.tls, limits.headersTimeoutSeconds) }, handler) as unknown as Server)
    : createHttpServer(serverOptions(limits), handler)
  guardServer(server, limits, (err) => renderError(err, deps.runtime.ids.requestId(), '', 'json'), opts.tls !== undefined)
  const { port, url } = await listen(server, opts.host, opts.port, opts.tls ? 'https' : 'http')
  return {
    server,
    port,
    url,
    setTls(tls) {
      if (!opts.tls) throw new Error('the control plane serves plain HTTP; it has no certificate to replace')
      ;(server as unknown as import('node:https').Server).setSecureContext(secureContextOptions(tls))
    },
    close: () => drainServer(server),
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RpcDeps,
  opts: HttpServerOptions,
  limits: TransportLimits,
  budget: BufferBudget,
): Promise<void> {
  // Refused before the pipeline, but still one audited request.
  const refuse = async (err: KmsError, close: boolean, hostile = false) => {
    const requestId = deps.runtime.ids.requestId()
    const observer = deps.observer ?? UNOBSERVED
    const trace = observer.begin('openapi', requestId, { headers: req.headers, remoteAddress: req.socket.remoteAddress })
    const render = (e: KmsError) => renderError(e, requestId, req.headers.host ?? '', 'json')
    const r = await observer.end(trace, err, render(err), render)
    if (close) closeAfterRefusal(req, hostile)
    const headers = { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }
    res.writeHead(r.status, close ? { ...headers, connection: 'close' } : headers).end(r.body)
  }
  try {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/readyz')) {
      const ok = req.url === '/healthz' || (await opts.ready())
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }))
      return
    }
    const url = req.url ?? '/'
    if (exceedsParamCount(url, undefined, limits.maxParams)) return refuse(tooManyParams(limits), true, true)
    const form = FORM_TYPE.test(String(req.headers['content-type'] ?? ''))
    const read = await readBody(req, limits, budget, form ? { countParamsFrom: queryParamCount(url) } : {})
    if ('refused' in read) return refuse(read.refused, true, read.hostile)
    try {
      if (exceedsParamCount(url, form ? read.body : undefined, limits.maxParams)) return refuse(tooManyParams(limits), false)
      const unavailable = opts.storeUnavailable?.()
      if (unavailable) return refuse(unavailable, false)
      const r = await handleRpc(
        {
          method: req.method ?? 'GET',
          url,
          headers: req.headers,
          body: read.body,
          remoteAddress: req.socket.remoteAddress,
          secure: (req.socket as { encrypted?: boolean }).encrypted === true,
        },
        deps,
      )
      res.writeHead(r.status, r.headers).end(r.body)
    } finally {
      read.release()
    }
  } catch (e) {
    deps.runtime.log.error({ err: e }, 'http adapter failure')
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
    res.end()
  }
}

/** Parameters in the query (already known to be within the limit). */
function queryParamCount(url: string): number {
  const q = url.indexOf('?')
  if (q < 0 || q === url.length - 1) return 0
  let n = 1
  for (let i = url.indexOf('&', q); i >= 0; i = url.indexOf('&', i + 1)) n++
  return n
}

function tooManyParams(limits: TransportLimits): KmsError {
  return new KmsError('InvalidParameter', `The request carries more than ${limits.maxParams} parameters.`)
}
