/**
 * The control-plane pipeline: parse → version/action → authenticate → decode params → run → render.
 * The only place that turns errors into responses; anything that is not a KmsError becomes InternalFailure,
 * logged with its RequestId.
 */
import type { Runtime } from '../services/context.js'
import { dispatch } from '../actions/dispatch.js'
import { findAction } from '../actions/index.js'
import { KmsError, KmsErrors, isKmsError } from '../domain/errors.js'
import { authenticate, type AuthDeps } from './authenticate.js'
import { transportRequestFrom } from './transport-request.js'
import { formatOf, renderError, renderSuccess, type RenderedResponse, type ResponseFormat } from './render.js'

export const API_VERSION = '2016-01-20'

export interface RawHttpRequest {
  method: string
  /** Path plus query, as received. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface RpcDeps {
  runtime: Runtime
  auth: AuthDeps
}

export async function handleRpc(req: RawHttpRequest, deps: RpcDeps): Promise<RenderedResponse> {
  const { runtime } = deps
  const requestId = runtime.ids.requestId()
  const hostId = headerValue(req.headers.host) ?? `kms.${runtime.config.region}.aliyuncs.com`
  let format: ResponseFormat = 'json'
  let action = ''
  try {
    const transport = transportRequestFrom(req, req.body)
    const { params } = transport
    format = formatOf(params.Format)
    if (transport.method !== 'GET' && transport.method !== 'POST') throw KmsErrors.methodNotSupported(transport.method)
    if (transport.path !== '/') throw KmsErrors.actionNotFound(transport.path)
    // V3 and V4 carry Action/Version only in (signed) headers; in V1 those headers are not signed, so only params count.
    const v3 = /^ACS[34]-/.test(headerValue(req.headers.authorization) ?? '')
    const version = params.Version ?? (v3 ? headerValue(req.headers['x-acs-version']) : undefined)
    if (!version) throw KmsErrors.missingParameter('Version')
    if (version !== API_VERSION) throw KmsErrors.invalidVersion(version)
    action = params.Action ?? (v3 ? headerValue(req.headers['x-acs-action']) : undefined) ?? ''
    if (!action) throw KmsErrors.missingParameter('Action')
    if (!findAction(action)) throw KmsErrors.actionNotFound(action)
    // Caches (AccessKey secrets, keys) first catch up with every change committed before this request.
    await runtime.store.sync()
    const who = await authenticate(transport, deps.auth)
    const result = await dispatch(action, params, {
      ...runtime,
      requestId,
      caller: { accessKeyId: who.accessKeyId, via: 'openapi' },
    })
    return renderSuccess(action, requestId, result, format)
  } catch (e) {
    if (isKmsError(e)) return renderError(e, requestId, hostId, format)
    runtime.log.error({ err: e, requestId, action }, 'internal failure')
    return renderError(new KmsError('InternalFailure'), requestId, hostId, format)
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
