/**
 * The instance-API pipeline (spec/kms-instance-api.md §1): transport checks → header checks 1–8 and the client
 * key's validity (verifyInstanceRequest) → protobuf decode → the API's handler, which authorises (check 9) before
 * it looks at keys (10) → protobuf response. The only place that turns errors into protobuf `Error` bodies;
 * anything that is not a KmsError becomes 500 InternalFailure, logged with its RequestId. The observer
 * (src/audit/request-observer.ts) sees each request begin and end: one audit event and the request metrics.
 */
import type { Runtime } from '../services/context.js'
import type { Permission } from '../domain/access-policy.js'
import type { InstanceCall } from '../services/access/authorizer.js'
import { KmsErrors, type KmsError } from '../domain/errors.js'
import { INSTANCE_API_NAMES, decodeMessage, encodeMessage } from '../instance-wire/proto.js'
import { encodeInstanceError, verifyInstanceRequest, type ClientKeyLookup } from './verify-request.js'
import { headerValue, type HeaderMap } from '../instance-wire/string-to-sign.js'
import { INSTANCE_CONTENT_TYPE, MAX_INSTANCE_BODY_BYTES } from '../instance-wire/constants.js'
import { toInstanceError } from './errors.js'
import type { InstanceApi, InstanceCallContext } from './apis/define-instance-api.js'
import { UNOBSERVED, type RequestObserver } from '../audit/request-observer.js'

export const MIGRATION_KEY_VERSION_HEADER = 'x-kms-migrationkeyversionid'

export interface InstanceHttpRequest {
  method: string
  /** Path and query as received. */
  url: string
  headers: HeaderMap
  /** null when the body was larger than 3 MiB. */
  body: Buffer | null
  /** The TCP peer's address. */
  remoteAddress: string
}

export interface InstanceHttpResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

export interface InstanceDeps {
  runtime: Runtime
  apis: ReadonlyMap<string, InstanceApi<never, object>>
  lookupClientKey: ClientKeyLookup
  /** The caller's address from the TCP peer and X-Forwarded-For (client-address.ts). */
  clientAddress(peer: string, forwardedFor: string | undefined): string
  /** Resolves when the call is granted, else throws Forbidden.NoPermission (services/access/authorizer.ts). */
  authorize(call: Omit<InstanceCall, 'now'>): Promise<void>
  initialVersionId(keyId: string): Promise<string | undefined>
  /** Audit and metrics hooks; none when absent. */
  observer?: RequestObserver
}

export async function handleInstanceRequest(req: InstanceHttpRequest, deps: InstanceDeps): Promise<InstanceHttpResponse> {
  const rt = deps.runtime
  const requestId = rt.ids.requestId()
  let apiName = ''
  const observer = deps.observer ?? UNOBSERVED
  const trace = observer.begin('instance', requestId, req)
  let response: InstanceHttpResponse
  let error: unknown
  try {
    observer.admit(trace)
    if (req.body === null) throw KmsErrors.of('RequestEntityTooLarge', `The request body exceeds ${MAX_INSTANCE_BODY_BYTES} bytes.`)
    if (req.method !== 'POST') throw KmsErrors.methodNotSupported(req.method)
    const path = req.url.split('?')[0] as string
    if (path !== '/') throw KmsErrors.actionNotFound(path.slice(0, 128))
    const body = req.body
    // Caches (client keys, grants, keys) first catch up with every change committed before this request.
    await rt.store.sync()
    const verified = await verifyInstanceRequest(
      { method: req.method, headers: req.headers, body },
      { now: () => rt.clock.now(), lookupClientKey: deps.lookupClientKey, knownApis: INSTANCE_API_NAMES },
    )
    apiName = verified.apiName
    trace.action = apiName
    trace.clientKeyId = verified.clientKeyId
    const api = deps.apis.get(apiName)
    if (!api) throw KmsErrors.internal()
    const request = decodeRequest(apiName, body)
    trace.params = request as Record<string, unknown>
    const ctx = callContext(req, deps, requestId, verified.clientKeyId)
    const result = await api.handle(request as never, ctx)
    const headers: Record<string, string> = { 'content-type': INSTANCE_CONTENT_TYPE }
    if (result.keyVersionId) headers[MIGRATION_KEY_VERSION_HEADER] = result.keyVersionId
    response = { status: 200, headers, body: encodeMessage(`${apiName}Response`, { ...result.response, RequestId: requestId }) }
  } catch (e) {
    const err = toInstanceError(e)
    error = err
    if (err.code === 'InternalFailure') rt.log.error({ err: e, requestId, api: apiName }, 'instance API internal failure')
    response = errorResponse(err, requestId)
  }
  return observer.end(trace, error, response, (refusal) => errorResponse(refusal, requestId))
}

function errorResponse(err: KmsError, requestId: string): InstanceHttpResponse {
  return { status: err.status, headers: { 'content-type': INSTANCE_CONTENT_TYPE }, body: encodeInstanceError(err, requestId) }
}

/** A body that is not a valid `<Api>Request` is 400 InvalidParameter (spec §1 check 11). */
function decodeRequest(apiName: string, body: Buffer): unknown {
  try {
    return decodeMessage(`${apiName}Request`, body)
  } catch (e) {
    throw KmsErrors.of('InvalidParameter', `The specified parameter is not valid. The body is not a valid ${apiName}Request: ${(e as Error).message}`)
  }
}

function callContext(req: InstanceHttpRequest, deps: InstanceDeps, requestId: string, clientKeyId: string): InstanceCallContext {
  const sourceIp = deps.clientAddress(req.remoteAddress, headerValue(req.headers, 'x-forwarded-for'))
  const check = async (permission: Permission, resources: readonly string[] | 'any', shown: string) => {
    await deps.authorize({ clientKeyId, permission, resources, sourceIp, shown, requestId })
  }
  return {
    rt: deps.runtime,
    requestId,
    clientKeyId,
    sourceIp,
    migrationKeyVersionId: headerValue(req.headers, MIGRATION_KEY_VERSION_HEADER)?.trim() || undefined,
    authorize: (permission, resources, shown) => check(permission, resources, shown),
    authorizeAny: (permission, shown) => check(permission, 'any', shown),
    initialVersionId: (keyId) => deps.initialVersionId(keyId),
  }
}
