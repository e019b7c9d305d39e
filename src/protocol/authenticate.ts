/**
 * Authentication of control-plane (OpenAPI RPC) requests: signature V3 (`Authorization: ACS3-…`, spec
 * §2.4), V4 (`Authorization: ACS4-…`, §2.6, verify-v4.ts) or V1 (`Signature` parameter, spec §2.3),
 * clock-skew window and replay protection (§2.2, §8).
 *
 * Checks run cheapest-first and a request is refused at the first failure (spec §3.2, §3.4):
 * missing pieces `MissingParameter` → malformed or unsupported signature data `IncompleteSignature` →
 * time `InvalidTimeStamp.Format` / `.Expired` → AccessKey `InvalidAccessKeyId.NotFound` → signature
 * `SignatureDoesNotMatch` → nonce `SignatureNonceUsed`. The nonce is claimed only after the signature
 * verified, so forged requests cannot burn nonces.
 *
 * STS: a temporary `STS.` AccessKey signs together with its SecurityToken (V1 `SecurityToken` parameter, V3 and V4
 * `x-acs-security-token` header, signed like every `x-acs-*` header). The credential lookup opens the token
 * (`InvalidSecurityToken.*` when malformed, another key's or expired) and yields the session's secret.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Clock } from '../domain/clock.js'
import { KmsErrors } from '../domain/errors.js'
import { MINUTE, parseUtc } from '../domain/time.js'
import { MAX_NONCE_LENGTH, type NonceGuard } from './nonce-guard.js'
import { v1Signature, v1StringToSign } from './signature-v1.js'
import { parseV3Authorization, v3CanonicalRequest, v3Hash, v3Signature, v3StringToSign } from './signature-v3.js'
import { verifyV4 } from './verify-v4.js'
import type { TransportRequest } from './transport-request.js'
import type { Credential } from '../services/identity/credentials.js'
import type { Principal } from '../domain/principal.js'

export type { TransportRequest } from './transport-request.js'

/** Accepted distance between the signed time and the server clock, either way (spec §2.2). */
export const SIGNATURE_WINDOW_MS = 15 * MINUTE

export interface AuthDeps {
  clock: Clock
  /**
   * The AccessKey's secret in clear and who it acts as, or `undefined` for an unknown AccessKey. It may throw
   * a `KmsError` itself: `InvalidAccessKeyId.Inactive` for a disabled key, `InvalidSecurityToken.*`.
   */
  lookupCredential(accessKeyId: string, securityToken: string | undefined): Promise<Credential | undefined>
  nonces: NonceGuard
}

/**
 * Who signed the request. For V1 only the parameters are signed (the `x-acs-action`/`x-acs-version`
 * headers are not), so the caller should take Action/Version from `params` for V1 requests.
 */
export interface Authenticated {
  accessKeyId: string
  signatureVersion: 'v1' | 'v3' | 'v4'
  principal: Principal
  /** The credential as looked up (for STS: the session's role and policy). */
  credential: Credential
}

/**
 * Verifies the request's signature, time and nonce and returns the AccessKey that signed it; throws the
 * Alibaba-compatible `KmsError` otherwise. V3 when `Authorization` starts with `ACS3-`, else V1.
 */
export async function authenticate(req: TransportRequest, deps: AuthDeps): Promise<Authenticated> {
  const authorization = header(req.headers, 'authorization')
  if (authorization !== undefined && authorization.startsWith('ACS3-')) {
    return authenticateV3(req, deps, authorization)
  }
  if (authorization !== undefined && authorization.startsWith('ACS4-')) {
    const v4 = verifyV4(req, authorization, { checkTime: (t) => checkTime(t, deps.clock), checkNonceShape, checkSignedHeaders })
    const credential = await lookup(deps, v4.accessKeyId, v4.securityToken)
    v4.verify(credential.secret)
    await claimNonce(deps, v4.accessKeyId, v4.nonce, v4.requestTime)
    return { accessKeyId: v4.accessKeyId, signatureVersion: 'v4', principal: credential.principal, credential }
  }
  if (authorization && param(req.params, 'Signature') === undefined) {
    const scheme = authorization.split(' ', 1)[0]!.slice(0, 32)
    throw KmsErrors.incompleteSignature(`The Authorization scheme "${scheme}" is not supported; use ACS3-HMAC-SHA256 or ACS4-HMAC-SHA256.`)
  }
  return authenticateV1(req, deps)
}

async function authenticateV1(req: TransportRequest, deps: AuthDeps): Promise<Authenticated> {
  const p = req.params
  const accessKeyId = required(p, 'AccessKeyId')
  const signature = required(p, 'Signature')
  const nonce = required(p, 'SignatureNonce')
  const timestamp = required(p, 'Timestamp')
  const method = required(p, 'SignatureMethod')
  if (method !== 'HMAC-SHA1') {
    throw KmsErrors.incompleteSignature(`SignatureMethod "${clip(method)}" is not supported; use HMAC-SHA1.`)
  }
  const version = param(p, 'SignatureVersion')
  if (version !== undefined && version !== '1.0') {
    throw KmsErrors.incompleteSignature(`SignatureVersion "${clip(version)}" is not supported; use 1.0.`)
  }
  checkNonceShape(nonce)
  const requestTime = checkTime(timestamp, deps.clock)
  const credential = await lookup(deps, accessKeyId, param(p, 'SecurityToken'))
  const stringToSign = v1StringToSign(req.method, p)
  if (!constantTimeEqual(v1Signature(credential.secret, stringToSign), signature)) {
    throw KmsErrors.signatureMismatch(stringToSign)
  }
  await claimNonce(deps, accessKeyId, nonce, requestTime)
  return { accessKeyId, signatureVersion: 'v1', principal: credential.principal, credential }
}

async function authenticateV3(req: TransportRequest, deps: AuthDeps, authorization: string): Promise<Authenticated> {
  const h = req.headers
  const date = requiredHeader(h, 'x-acs-date')
  const nonce = requiredHeader(h, 'x-acs-signature-nonce')
  const contentHash = requiredHeader(h, 'x-acs-content-sha256')
  const auth = parseV3Authorization(authorization)
  checkNonceShape(nonce)
  if (contentHash.toLowerCase() !== v3Hash(req.body, auth.algorithm)) {
    throw KmsErrors.incompleteSignature('x-acs-content-sha256 does not match the request body.')
  }
  checkSignedHeaders(h, auth.signedHeaders)
  const requestTime = checkTime(date, deps.clock)
  const declaredKey = header(h, 'x-acs-accesskey-id')
  if (declaredKey !== undefined && declaredKey !== auth.accessKeyId) {
    throw KmsErrors.incompleteSignature('x-acs-accesskey-id differs from the Authorization Credential.')
  }
  const credential = await lookup(deps, auth.accessKeyId, header(h, 'x-acs-security-token'))
  const canonicalRequest = v3CanonicalRequest({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: h,
    signedHeaders: auth.signedHeaders,
    payloadHash: contentHash,
  })
  const stringToSign = v3StringToSign(canonicalRequest, auth.algorithm)
  if (!constantTimeEqual(v3Signature(credential.secret, stringToSign, auth.algorithm), auth.signature)) {
    throw KmsErrors.signatureMismatch(stringToSign)
  }
  await claimNonce(deps, auth.accessKeyId, nonce, requestTime)
  return { accessKeyId: auth.accessKeyId, signatureVersion: 'v3', principal: credential.principal, credential }
}

/**
 * Every signed header must be present, and every header the SDKs always sign (`host`, `content-type`,
 * `x-acs-*`, openapi-util getAuthorizationHeaders) must be in SignedHeaders. Otherwise an unsigned
 * `x-acs-action` could turn a captured Encrypt into a Decrypt, or an unsigned date/nonce/content hash could
 * be replaced in transit.
 */
function checkSignedHeaders(headers: TransportRequest['headers'], signed: string[]): void {
  for (const name of signed) {
    if (header(headers, name) === undefined) throw KmsErrors.incompleteSignature(`The signed header "${name}" is missing.`)
  }
  const listed = new Set(signed)
  for (const name of Object.keys(headers)) {
    const mustSign = name === 'host' || name === 'content-type' || name.startsWith('x-acs-')
    if (mustSign && headers[name] !== undefined && !listed.has(name)) {
      throw KmsErrors.incompleteSignature(`The header "${clip(name)}" must be listed in SignedHeaders.`)
    }
  }
}

function checkNonceShape(nonce: string): void {
  if (nonce.length > MAX_NONCE_LENGTH) {
    throw KmsErrors.incompleteSignature(`The signature nonce is longer than ${MAX_NONCE_LENGTH} characters.`)
  }
}

/** Parses the strict `yyyy-MM-ddTHH:mm:ssZ` form and applies the ±15 min window; returns epoch ms. */
function checkTime(text: string, clock: Clock): number {
  const t = parseUtc(text)
  if (t === undefined) throw KmsErrors.timestampFormat(clip(text))
  if (Math.abs(clock.now() - t) > SIGNATURE_WINDOW_MS) throw KmsErrors.timestampExpired(text)
  return t
}

async function lookup(deps: AuthDeps, accessKeyId: string, securityToken: string | undefined): Promise<Credential> {
  const credential = await deps.lookupCredential(accessKeyId, securityToken)
  if (credential === undefined) throw KmsErrors.accessKeyNotFound()
  return credential
}

async function claimNonce(deps: AuthDeps, accessKeyId: string, nonce: string, requestTime: number): Promise<void> {
  if (!(await deps.nonces.claim(accessKeyId, nonce, requestTime))) throw KmsErrors.nonceUsed()
}

function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  // The length of a correct signature is public (fixed by the algorithm); only the content must not leak.
  return a.length === b.length && timingSafeEqual(a, b)
}

function param(params: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(params, name) ? params[name] : undefined
}

/** An empty value counts as missing: no SDK sends an empty common parameter. */
function required(params: Record<string, string>, name: string): string {
  const value = param(params, name)
  if (value === undefined || value === '') throw KmsErrors.missingParameter(name)
  return value
}

function header(headers: TransportRequest['headers'], name: string): string | undefined {
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined
  return Array.isArray(value) ? value.join(',') : value
}

function requiredHeader(headers: TransportRequest['headers'], name: string): string {
  const value = header(headers, name)?.trim()
  if (value === undefined || value === '') throw KmsErrors.missingParameter(name)
  return value
}

/** Client-supplied text echoed in messages is cut short. */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text
}
