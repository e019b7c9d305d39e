/**
 * Turns a request trace and its outcome into an ActionTrail-shaped event. Identity comes from what the
 * pipeline verified (or, for a refused signature, the AccessKeyId the request claimed, typed `anonymous`);
 * resources and parameters come from request-parameters.ts's allow-list; an error message is kept only when
 * it cannot echo request data (signature errors print the string to sign, so theirs are dropped, and any
 * parameter value found in a message is cut out).
 */
import { randomUUID } from 'node:crypto'
import { isKmsError } from '../domain/errors.js'
import type { AuditEvent, UserIdentity } from './event.js'
import { eventRW } from './event.js'
import { deriveResources } from './request-parameters.js'
import type { ObserverOptions, RequestTrace, HeaderLike } from './trace.js'

const API_VERSION = { openapi: '2016-01-20', instance: 'dkms-gcs-0.2' } as const
/** Codes whose messages quote the request (the server's string to sign). */
const MESSAGE_DROPPED = new Set(['SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidParameter.SignatureDoesNotMatch'])
const MAX_MESSAGE_CHARS = 512
const MAX_HEADER_CHARS = 512
const MIN_SCRUBBED_VALUE_CHARS = 6

function header(h: HeaderLike, name: string): string | undefined {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}

/** Printable, bounded text from a client-controlled value. */
function clean(v: string | undefined, max: number): string {
  return (v ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, max)
}

function claimedAccessKeyId(trace: RequestTrace): string | undefined {
  const fromParams = trace.params?.AccessKeyId
  if (typeof fromParams === 'string') return clean(fromParams, 128)
  const auth = header(trace.headers, 'authorization') ?? ''
  const credential = /Credential=([^,\s/]+)/.exec(auth)?.[1]
  if (credential) return clean(credential, 128)
  const instanceKey = header(trace.headers, 'x-kms-acccesskeyid') ?? header(trace.headers, 'x-kms-accesskeyid')
  return instanceKey ? clean(instanceKey, 128) : undefined
}

function identity(trace: RequestTrace, accountId: string, aap: string | undefined): UserIdentity {
  if (trace.clientKeyId)
    return { type: 'client-key', accountId, principalId: trace.clientKeyId, clientKeyId: trace.clientKeyId, applicationAccessPoint: aap }
  const caller = trace.caller
  if (!caller) {
    const claimed = claimedAccessKeyId(trace)
    return trace.plane === 'instance'
      ? { type: 'anonymous', accountId, clientKeyId: claimed }
      : { type: 'anonymous', accountId, accessKeyId: claimed }
  }
  const p = caller.principal
  if (!p || p.kind === 'root') return { type: 'root-account', accountId, principalId: accountId, accessKeyId: caller.accessKeyId, arn: p?.arn }
  if (p.kind === 'user')
    return { type: 'ram-user', accountId: p.accountId, principalId: p.userId, accessKeyId: p.accessKeyId, arn: p.arn, userName: p.userName }
  return {
    type: 'assumed-role',
    accountId: p.accountId,
    principalId: p.roleId && p.sessionName ? `${p.roleId}:${p.sessionName}` : undefined,
    accessKeyId: p.accessKeyId,
    arn: p.arn,
    userName: p.roleName && p.sessionName ? `${p.roleName}:${p.sessionName}` : undefined,
    roleName: p.roleName,
    sessionName: p.sessionName,
  }
}

function errorMessage(code: string, message: string | undefined, params: RequestTrace['params']): string | undefined {
  if (!message || MESSAGE_DROPPED.has(code)) return undefined
  let text = message
  for (const v of Object.values(params ?? {})) if (typeof v === 'string' && v.length >= MIN_SCRUBBED_VALUE_CHARS) text = text.split(v).join('***')
  return clean(text, MAX_MESSAGE_CHARS)
}

function rawActionName(trace: RequestTrace): string {
  if (trace.action) return trace.action
  const claimed =
    trace.plane === 'instance'
      ? header(trace.headers, 'x-kms-apiname')
      : (typeof trace.params?.Action === 'string' ? trace.params.Action : undefined) ?? header(trace.headers, 'x-acs-action')
  return clean(claimed, 128)
}

export function buildEvent(
  trace: RequestTrace,
  outcome: { error: unknown; status: number; latencyMs: number; aap?: string; opts: ObserverOptions },
): AuditEvent {
  const { opts } = outcome
  const name = rawActionName(trace)
  // Only catalogued errors keep their code and message; anything else is InternalFailure, without its text.
  const err = outcome.error === undefined ? undefined : isKmsError(outcome.error) ? outcome.error : { code: 'InternalFailure', message: undefined }
  const sourceIp = opts.clientAddress(trace.remoteAddress, header(trace.headers, 'x-forwarded-for'))
  return {
    eventId: randomUUID(),
    eventVersion: 1,
    eventTime: new Date(trace.time).toISOString(),
    eventType: 'ApiCall',
    eventRW: eventRW(name),
    eventSource: clean(header(trace.headers, 'host'), 255) || `kms.${opts.scope.region}.aliyuncs.com`,
    eventName: name,
    serviceName: 'Kms',
    acsRegion: opts.scope.region,
    apiVersion: trace.plane === 'openapi' && typeof trace.params?.Version === 'string' ? clean(trace.params.Version, 32) : API_VERSION[trace.plane],
    requestId: trace.requestId,
    sourceIpAddress: clean(sourceIp, 64),
    userAgent: clean(header(trace.headers, 'user-agent'), MAX_HEADER_CHARS),
    recipientAccountId: opts.scope.accountId,
    userIdentity: identity(trace, opts.scope.accountId, outcome.aap),
    ...deriveResources(name, trace.params, opts.scope),
    ...(err === undefined ? {} : { errorCode: err.code, errorMessage: errorMessage(err.code, err.message, trace.params) }),
    additionalEventData: { plane: trace.plane, httpStatus: outcome.status, latencyMs: outcome.latencyMs },
  }
}
