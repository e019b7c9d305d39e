/**
 * Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`, and `ACS3-HMAC-SM3`), spec/kms-openapi.md §2.4, as the
 * openapi-client/openapi-core SDKs compute it. Pure functions over a transport-neutral description.
 */
import { createHash, createHmac } from 'node:crypto'
import { KmsErrors } from '../domain/errors.js'
import { percentEncode } from './percent-encode.js'
import { compareCodeUnits } from './signature-v1.js'

/** The parsed `Authorization: ACS3-… Credential=…,SignedHeaders=…,Signature=…` header. */
export interface V3Authorization {
  algorithm: string
  accessKeyId: string
  signedHeaders: string[]
  signature: string
}

/**
 * Supported algorithms and the digest each uses for the payload, the canonical request and the HMAC. With
 * SM3 the SDK still names the payload header `x-acs-content-sha256` but fills it with the SM3 digest.
 * `ACS3-RSA-SHA256` needs a client public key, which AccessKey credentials do not have, so it is refused.
 */
export const V3_ALGORITHMS: Readonly<Record<string, 'sha256' | 'sm3'>> = {
  'ACS3-HMAC-SHA256': 'sha256',
  'ACS3-HMAC-SM3': 'sm3',
}

const AUTHORIZATION = /^(ACS3-[A-Z0-9-]+) +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-fA-F]{64})$/
/** RFC 9110 §5.6.2 token characters, lower case only: the SDKs sign lower-cased header names. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/

/**
 * Parses the Authorization header; anything that is not exactly the documented shape, names an algorithm
 * openkms does not verify, or lists a header name twice is `IncompleteSignature` (spec §3.2).
 */
export function parseV3Authorization(header: string): V3Authorization {
  const m = AUTHORIZATION.exec(header.trim())
  if (!m) throw KmsErrors.incompleteSignature('The Authorization header is malformed.')
  const [, algorithm, accessKeyId, signed, signature] = m as unknown as [string, string, string, string, string]
  if (!Object.hasOwn(V3_ALGORITHMS, algorithm)) {
    throw KmsErrors.incompleteSignature(`The signature algorithm "${algorithm}" is not supported.`)
  }
  const signedHeaders = signed.split(';')
  if (signedHeaders.some((h) => !HEADER_NAME.test(h))) {
    throw KmsErrors.incompleteSignature('SignedHeaders must list lower-case header names separated by ";".')
  }
  if (new Set(signedHeaders).size !== signedHeaders.length) {
    throw KmsErrors.incompleteSignature('SignedHeaders lists a header more than once.')
  }
  return { algorithm, accessKeyId, signedHeaders, signature: signature.toLowerCase() }
}

/**
 * Hex digest of `data` with the algorithm's hash: the payload hash the client puts in
 * `x-acs-content-sha256` and the hash of the canonical request in the string to sign.
 */
export function v3Hash(data: Buffer | string, algorithm = 'ACS3-HMAC-SHA256'): string {
  return createHash(digestOf(algorithm)).update(data).digest('hex')
}

/** RFC 3986-encoded, name-sorted `name=value&…` (§2.4 step 2), rebuilt from decoded values. */
export function v3CanonicalQuery(query: Array<[string, string]>): string {
  const pairs = query.map(([n, v]) => ({ raw: n, text: `${percentEncode(n)}=${percentEncode(v)}` }))
  // Same order as the SDK's `Object.keys(query).sort()`; identical names (never sent by an SDK) fall back to the encoded pair.
  pairs.sort((a, b) => compareCodeUnits(a.raw, b.raw) || compareCodeUnits(a.text, b.text))
  return pairs.map((p) => p.text).join('&')
}

/**
 * CanonicalRequest = Method \n URI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 * (§2.4 step 6). The headers are taken from the list the client declares it signed, in its order, so that
 * optional signed headers (`x-acs-credentials-provider`, `content-type`) verify; a listed header that the
 * request does not carry is `IncompleteSignature`.
 */
/** The CanonicalHeaders block of V3 and ACS4: each signed header, in the declared order, as `name:value\n`. */
export function canonicalHeaders(headers: Record<string, string | string[] | undefined>, signedHeaders: readonly string[]): string {
  let out = ''
  for (const name of signedHeaders) {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined
    if (value === undefined) throw KmsErrors.incompleteSignature(`The signed header "${name}" is missing.`)
    // Repeated headers: values trimmed, sorted and joined with "," (openapi-util getAuthorizationHeaders).
    const text = Array.isArray(value) ? value.map((v) => v.trim()).sort(compareCodeUnits).join(',') : value.trim()
    out += `${name}:${text}\n`
  }
  return out
}

export function v3CanonicalRequest(i: {
  method: string
  path: string
  query: Array<[string, string]>
  headers: Record<string, string | string[] | undefined>
  signedHeaders: string[]
  payloadHash: string
}): string {
  return [
    i.method.toUpperCase(),
    i.path,
    v3CanonicalQuery(i.query),
    canonicalHeaders(i.headers, i.signedHeaders),
    i.signedHeaders.join(';'),
    i.payloadHash,
  ].join('\n')
}

/** StringToSign = Algorithm \n hex(Hash(CanonicalRequest)) (§2.4 step 7). */
export function v3StringToSign(canonicalRequest: string, algorithm = 'ACS3-HMAC-SHA256'): string {
  return `${algorithm}\n${v3Hash(canonicalRequest, algorithm)}`
}

/** hex(HMAC(AccessKeySecret, StringToSign)); the key is the bare secret, without V1's trailing "&" (§2.4 step 8). */
export function v3Signature(secret: string, stringToSign: string, algorithm = 'ACS3-HMAC-SHA256'): string {
  return createHmac(digestOf(algorithm), secret).update(stringToSign, 'utf8').digest('hex')
}

function digestOf(algorithm: string): 'sha256' | 'sm3' {
  const digest = Object.hasOwn(V3_ALGORITHMS, algorithm) ? V3_ALGORITHMS[algorithm] : undefined
  if (!digest) throw KmsErrors.incompleteSignature(`The signature algorithm "${algorithm}" is not supported.`)
  return digest
}
