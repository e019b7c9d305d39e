/**
 * The control-plane pipeline: parse → version/action → authenticate → decode params → run → render.
 * The only place that turns errors into responses; anything that is not a KmsError becomes InternalFailure,
 * logged with its RequestId. The observer (src/audit/request-observer.ts) sees each request begin and end:
 * one audit event and the request metrics per request, refused ones included.
 */
import type { Runtime } from '../services/context.js'
import { dispatch } from '../actions/dispatch.js'
import { KMS, productOf } from '../actions/index.js'
import { KmsError, KmsErrors, isKmsError } from '../domain/errors.js'
import { authenticate, type AuthDeps } from './authenticate.js'
import type { Authorize } from '../services/identity/authorizer.js'
import { transportRequestFrom } from './transport-request.js'
import { rpcTarget } from './rpc-target.js'
import { formatOf, renderError, renderSuccess, type RenderedResponse, type ResponseFormat } from './render.js'
import { isStoreUnavailable } from '../store/write-probe.js'
import { UNOBSERVED, type RequestObserver } from '../audit/request-observer.js'

/** The KMS version; RAM (2015-05-01) and STS (2015-04-01) are served on the same endpoint (actions/index.ts). */
export const API_VERSION = KMS.version

export interface RawHttpRequest {
  method: string
  /** Path plus query, as received. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** The peer's address and whether the connection is TLS, for policy conditions (acs:SourceIp, acs:SecureTransport). */
  remoteAddress?: string
  secure?: boolean
}

export interface RpcDeps {
  runtime: Runtime
  auth: AuthDeps
  /** Audit and metrics hooks; none when absent. */
  observer?: RequestObserver
  /** Authorisation of the authenticated principal (RAM policies), after authentication and before dispatch. */
  authorize?: Authorize
  /** The caller's address from the TCP peer and `X-Forwarded-For` (believed from trusted proxies only). */
  clientAddress?: (peer: string, forwardedFor: string | undefined) => string
  /** Told of writes that failed for want of storage (readiness turns false until a probe commits). */
  onStoreFailure?: (err: unknown) => void
}

export async function handleRpc(req: RawHttpRequest, deps: RpcDeps): Promise<RenderedResponse> {
  const { runtime } = deps
  const requestId = runtime.ids.requestId()
  const hostId = headerValue(req.headers.host) ?? `kms.${runtime.config.region}.aliyuncs.com`
  let format: ResponseFormat = 'json'
  let action = ''
  const observer = deps.observer ?? UNOBSERVED
  const trace = observer.begin('openapi', requestId, req)
  let response: RenderedResponse
  let error: unknown
  try {
    const transport = transportRequestFrom(req, req.body)
    const { params } = transport
    trace.params = params
    observer.admit(trace)
    format = formatOf(params.Format)
    if (transport.method !== 'GET' && transport.method !== 'POST') throw KmsErrors.methodNotSupported(transport.method)
    if (transport.path !== '/') throw KmsErrors.actionNotFound(transport.path)
    const target = rpcTarget(params, req.headers)
    const version = target.version
    if (!version) throw KmsErrors.missingParameter('Version')
    const product = productOf(version)
    if (!product) throw KmsErrors.invalidVersion(version)
    action = target.action ?? ''
    if (!action) throw KmsErrors.missingParameter('Action')
    if (!product.find(action)) throw KmsErrors.actionNotFound(action)
    trace.action = action
    // Caches (AccessKey secrets, keys, policies) first catch up with every change committed before this request.
    await runtime.store.sync()
    const who = await authenticate(transport, deps.auth)
    trace.caller = who
    await deps.authorize?.({
      principal: who.principal,
      session: who.credential.session,
      product: product.code,
      action,
      params,
      request: {
        sourceIp: req.remoteAddress && (deps.clientAddress?.(req.remoteAddress, headerValue(req.headers['x-forwarded-for'])) ?? req.remoteAddress),
        secure: req.secure === true,
        userAgent: headerValue(req.headers['user-agent']),
      },
    })
    const result = await dispatch(
      action,
      params,
      { ...runtime, requestId, caller: { accessKeyId: who.accessKeyId, via: 'openapi', principal: who.principal } },
      product,
    )
    response = renderSuccess(action, requestId, result, format)
  } catch (e) {
    error = e
    if (isKmsError(e)) response = renderError(e, requestId, hostId, format)
    else if (isStoreUnavailable(e)) {
      // A full, frozen or unreachable store is the server's temporary trouble: a 503 the SDK helpers retry.
      deps.onStoreFailure?.(e)
      runtime.log.error({ err: e, requestId, action }, 'store unavailable')
      error = new KmsError('ServiceUnavailableTemporary')
      response = renderError(error as KmsError, requestId, hostId, format)
    } else {
      runtime.log.error({ err: e, requestId, action }, 'internal failure')
      response = renderError(new KmsError('InternalFailure'), requestId, hostId, format)
    }
  }
  return observer.end(trace, error, response, (refusal) => renderError(refusal, requestId, hostId, format))
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
