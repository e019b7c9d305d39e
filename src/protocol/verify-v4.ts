/**
 * The checks of an `ACS4-…` request, in the same order as V3 (authenticate.ts): shape → payload digest →
 * signed headers → time (the credential scope's day must be the day of `x-acs-date`). The AccessKey lookup (with
 * the STS token, when there is one) and the nonce claim stay with the caller, so that all three versions share them; the
 * returned `verify(secret)` throws `SignatureDoesNotMatch` unless the signature matches.
 */
import { timingSafeEqual } from 'node:crypto'
import { KmsErrors } from '../domain/errors.js'
import {
  parseV4Authorization,
  v4CanonicalQuery,
  v4CanonicalRequest,
  v4Hash,
  v4NeedsNodeEncoding,
  v4PayloadHeader,
  v4Signature,
  v4SigningKey,
  v4StringToSign,
  type V4QueryEncoding,
} from './signature-v4.js'
import type { TransportRequest } from './transport-request.js'

export interface V4Checks {
  /** Applies the signature window to the strict UTC time; returns epoch ms. */
  checkTime(text: string): number
  checkNonceShape(nonce: string): void
  checkSignedHeaders(headers: TransportRequest['headers'], signed: string[]): void
}

export interface V4Request {
  accessKeyId: string
  /** `x-acs-security-token` of an STS AccessKey (signed, as every `x-acs-*` header must be). */
  securityToken: string | undefined
  nonce: string
  requestTime: number
  verify(secret: string): void
}

export function verifyV4(req: TransportRequest, authorization: string, checks: V4Checks): V4Request {
  const h = req.headers
  const date = requiredHeader(h, 'x-acs-date')
  const nonce = requiredHeader(h, 'x-acs-signature-nonce')
  const auth = parseV4Authorization(authorization)
  const contentHash = requiredHeader(h, v4PayloadHeader(auth.algorithm))
  checks.checkNonceShape(nonce)
  if (contentHash.toLowerCase() !== v4Hash(req.body, auth.algorithm)) {
    throw KmsErrors.incompleteSignature(`${v4PayloadHeader(auth.algorithm)} does not match the request body.`)
  }
  checks.checkSignedHeaders(h, auth.signedHeaders)
  const requestTime = checks.checkTime(date)
  if (date.slice(0, 10).replaceAll('-', '') !== auth.date) {
    throw KmsErrors.incompleteSignature('The credential scope date differs from x-acs-date.')
  }
  const declaredKey = header(h, 'x-acs-accesskey-id')
  if (declaredKey !== undefined && declaredKey !== auth.accessKeyId) {
    throw KmsErrors.incompleteSignature('x-acs-accesskey-id differs from the Authorization Credential.')
  }
  const canonical = (encoding: V4QueryEncoding): string =>
    v4StringToSign(
      v4CanonicalRequest({
        method: req.method,
        path: req.path,
        canonicalQuery: v4CanonicalQuery(req.query, encoding),
        headers: h,
        signedHeaders: auth.signedHeaders,
        payloadHash: contentHash,
      }),
      auth.algorithm,
    )
  return {
    accessKeyId: auth.accessKeyId,
    securityToken: header(h, 'x-acs-security-token'),
    nonce,
    requestTime,
    // Go/Java/Python signers first, then the Node signer's key feed and query encoding (signature-v4.ts).
    verify(secret: string): void {
      const stringToSign = canonical('rfc3986')
      const candidates = v4NeedsNodeEncoding(req.query) ? [stringToSign, canonical('node')] : [stringToSign]
      for (const feed of ['bytes', 'node'] as const) {
        const key = v4SigningKey(secret, auth, feed)
        for (const text of candidates) {
          if (matches(v4Signature(key, text, auth.algorithm, feed), auth.signature)) return
        }
      }
      throw KmsErrors.signatureMismatch(stringToSign)
    },
  }
}

function matches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
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
