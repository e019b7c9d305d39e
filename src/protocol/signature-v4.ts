/**
 * Alibaba Cloud signature V4 (`ACS4-HMAC-SHA256` and `ACS4-HMAC-SM3`), as the gateway-pop signer of the
 * newest SDK generation computes it (`signatureVersion: 'v4'` in openapi-core / darabonba-openapi):
 *
 *   Authorization: ACS4-HMAC-SHA256 Credential=<AK>/<yyyymmdd>/<region>/<product>/aliyun_v4_request,
 *                  SignedHeaders=<h1;h2…>,Signature=<hex>
 *   SigningKey   = HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, yyyymmdd), region), product), "aliyun_v4_request")
 *   Canonical    = Method \n URI \n Query \n Headers \n SignedHeaders \n PayloadHash   (V3's shape)
 *   StringToSign = Algorithm \n hex(Hash(Canonical)),  Signature = hex(HMAC(SigningKey, StringToSign))
 *
 * Differences from V3: the derived key scoped to day, region and product; in the canonical query a parameter
 * with an empty value is written as the bare name (no "="); the SM3 variant carries the payload digest in
 * `x-acs-content-sm3` instead of `x-acs-content-sha256`.
 * Pure functions over a transport-neutral description.
 */
import { createHash, createHmac } from 'node:crypto'
import { KmsErrors } from '../domain/errors.js'
import { percentEncode } from './percent-encode.js'
import { compareCodeUnits } from './signature-v1.js'
import { canonicalHeaders } from './signature-v3.js'

export const V4_ALGORITHMS: Readonly<Record<string, 'sha256' | 'sm3'>> = {
  'ACS4-HMAC-SHA256': 'sha256',
  'ACS4-HMAC-SM3': 'sm3',
}

/** The product name in the credential scope; gateway-pop puts the SDK's productId there ("Kms"). */
export const V4_PRODUCT = 'kms'

export interface V4Authorization {
  algorithm: string
  accessKeyId: string
  /** yyyymmdd, must be the day of `x-acs-date`. */
  date: string
  region: string
  product: string
  signedHeaders: string[]
  signature: string
}

const AUTHORIZATION =
  /^(ACS4-[A-Z0-9-]+) +Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aliyun_v4_request, *SignedHeaders=([^,\s]+), *Signature=([0-9a-fA-F]{64})$/
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/

/** Parses the header; any other shape, an unknown algorithm or a repeated signed header is `IncompleteSignature`. */
export function parseV4Authorization(header: string): V4Authorization {
  const m = AUTHORIZATION.exec(header.trim())
  if (!m) throw KmsErrors.incompleteSignature('The Authorization header is malformed.')
  const [, algorithm, accessKeyId, date, region, product, signed, signature] = m as unknown as string[] as [
    string, string, string, string, string, string, string, string,
  ]
  if (!Object.hasOwn(V4_ALGORITHMS, algorithm)) {
    throw KmsErrors.incompleteSignature(`The signature algorithm "${algorithm}" is not supported.`)
  }
  if (product.toLowerCase() !== V4_PRODUCT) {
    throw KmsErrors.incompleteSignature(`The credential scope names the product "${product.slice(0, 32)}", not Kms.`)
  }
  const signedHeaders = signed.split(';')
  if (signedHeaders.some((h) => !HEADER_NAME.test(h))) {
    throw KmsErrors.incompleteSignature('SignedHeaders must list lower-case header names separated by ";".')
  }
  if (new Set(signedHeaders).size !== signedHeaders.length) {
    throw KmsErrors.incompleteSignature('SignedHeaders lists a header more than once.')
  }
  return { algorithm, accessKeyId, date, region, product, signedHeaders, signature: signature.toLowerCase() }
}

/** The header that carries the payload digest for this algorithm. */
export function v4PayloadHeader(algorithm: string): 'x-acs-content-sha256' | 'x-acs-content-sm3' {
  return digestOf(algorithm) === 'sm3' ? 'x-acs-content-sm3' : 'x-acs-content-sha256'
}

export function v4Hash(data: Buffer | string, algorithm: string): string {
  return createHash(digestOf(algorithm)).update(data).digest('hex')
}

/**
 * The signers' percent-encodings differ on `!'()*`: Go and Java encode them (RFC 3986), the Node signer
 * (`encodeURIComponent` then one `*`→`%2A` replacement) leaves `!'()` and every `*` after the first as they
 * are. Both forms describe the same decoded values, so the server accepts either.
 */
export type V4QueryEncoding = 'rfc3986' | 'node'

export function v4NeedsNodeEncoding(query: Array<[string, string]>): boolean {
  return query.some(([n, v]) => /[!'()*]/.test(n) || /[!'()*]/.test(v))
}

/** Name-sorted `name=value&…`; an empty value is the bare encoded name. */
export function v4CanonicalQuery(query: Array<[string, string]>, encoding: V4QueryEncoding = 'rfc3986'): string {
  const enc = encoding === 'rfc3986' ? percentEncode : nodeEncode
  const sorted = [...query].sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]))
  return sorted.map(([n, v]) => (v === '' ? enc(n) : `${enc(n)}=${enc(v)}`)).join('&')
}

function nodeEncode(s: string): string {
  try {
    return encodeURIComponent(s).replace('*', '%2A')
  } catch {
    return percentEncode(s)
  }
}

export function v4CanonicalRequest(i: {
  method: string
  path: string
  canonicalQuery: string
  headers: Record<string, string | string[] | undefined>
  signedHeaders: string[]
  payloadHash: string
}): string {
  const headers = canonicalHeaders(i.headers, i.signedHeaders)
  return [i.method.toUpperCase(), i.path || '/', i.canonicalQuery, headers, i.signedHeaders.join(';'), i.payloadHash].join('\n')
}

export function v4StringToSign(canonicalRequest: string, algorithm: string): string {
  return `${algorithm}\n${v4Hash(canonicalRequest, algorithm)}`
}

/**
 * How a signer feeds each derived key into the next HMAC. Go, Java and Python pass the bytes ('bytes'). The
 * Node signer (darabonba-signature-util `Hmac*SignByBytes`) first turns the key into a string with
 * `Buffer#toString()`, so bytes that are not valid UTF-8 become U+FFFD and the key actually used is the UTF-8
 * of that string ('node'). Both are accepted; the secret and the signed scope are the same either way.
 */
export type V4KeyFeed = 'bytes' | 'node'

/** The day/region/product-scoped key; the secret itself never signs a request. */
export function v4SigningKey(
  secret: string,
  scope: { algorithm: string; date: string; region: string; product: string },
  feed: V4KeyFeed = 'bytes',
): Buffer {
  const digest = digestOf(scope.algorithm)
  const step = (key: Buffer | string, data: string): Buffer => createHmac(digest, fed(key, feed)).update(data, 'utf8').digest()
  return step(step(step(step(`aliyun_v4${secret}`, scope.date), scope.region), scope.product), 'aliyun_v4_request')
}

export function v4Signature(signingKey: Buffer, stringToSign: string, algorithm: string, feed: V4KeyFeed = 'bytes'): string {
  return createHmac(digestOf(algorithm), fed(signingKey, feed)).update(stringToSign, 'utf8').digest('hex')
}

function fed(key: Buffer | string, feed: V4KeyFeed): Buffer | string {
  return feed === 'node' && Buffer.isBuffer(key) ? Buffer.from(key.toString('utf8'), 'utf8') : key
}

function digestOf(algorithm: string): 'sha256' | 'sm3' {
  const digest = Object.hasOwn(V4_ALGORITHMS, algorithm) ? V4_ALGORITHMS[algorithm] : undefined
  if (!digest) throw KmsErrors.incompleteSignature(`The signature algorithm "${algorithm}" is not supported.`)
  return digest
}
