/**
 * The control-plane pipeline: parse → version/action → authenticate → decode params → run → render.
 * The only place that turns errors into responses; anything that is not a KmsError becomes InternalFailure,
 * logged with its RequestId. The observer (src/audit/request-observer.ts) sees each request begin and end:
 * one audit event and the request metrics per request, refused ones included.
 */
import type { Runtime } from '../services/context.js'
import { dispatch } from '../actions/dispatch.js'
import { findAction } from '../actions/index.js'
import { KmsError, KmsErrors, isKmsError } from '../domain/errors.js'
import { authenticate, type AuthDeps } from './authenticate.js'
import { transportRequestFrom } from './transport-request.js'
import { formatOf, renderError, renderSuccess, type RenderedResponse, type ResponseFormat } from './render.js'
import { UNOBSERVED, type RequestObserver } from '../audit/request-observer.js'

export const API_VERSION = '2016-01-20'

export interface RawHttpRequest {
  method: string
  /** Path plus query, as received. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** The TCP peer's address. */
  remoteAddress?: string
}

export interface RpcDeps {
  runtime: Runtime
  auth: AuthDeps
  /** Audit and metrics hooks; none when absent. */
  observer?: RequestObserver
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
    // V3 carries Action/Version only in (signed) headers; in V1 those headers are not signed, so only params count.
    const v3 = /^ACS3-/.test(headerValue(req.headers.authorization) ?? '')
    const version = params.Version ?? (v3 ? headerValue(req.headers['x-acs-version']) : undefined)
    if (!version) throw KmsErrors.missingParameter('Version')
    if (version !== API_VERSION) throw KmsErrors.invalidVersion(version)
    action = params.Action ?? (v3 ? headerValue(req.headers['x-acs-action']) : undefined) ?? ''
    if (!action) throw KmsErrors.missingParameter('Action')
    if (!findAction(action)) throw KmsErrors.actionNotFound(action)
    trace.action = action
    // Caches (AccessKey secrets, keys) first catch up with every change committed before this request.
    await runtime.store.sync()
    const who = await authenticate(transport, deps.auth)
    trace.caller = who
    const result = await dispatch(action, params, {
      ...runtime,
      requestId,
      caller: { accessKeyId: who.accessKeyId, via: 'openapi' },
    })
    response = renderSuccess(action, requestId, result, format)
  } catch (e) {
    error = e
    if (isKmsError(e)) response = renderError(e, requestId, hostId, format)
    else {
      runtime.log.error({ err: e, requestId, action }, 'internal failure')
      response = renderError(new KmsError('InternalFailure'), requestId, hostId, format)
    }
  }
  return observer.end(trace, error, response, (refusal) => renderError(refusal, requestId, hostId, format))
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
