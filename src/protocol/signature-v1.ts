/**
 * Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), spec/kms-openapi.md §2.3. Pure functions: the caller
 * supplies the decoded parameters (query and form body merged) and the secret.
 */
import { createHmac } from 'node:crypto'
import { percentEncode } from './percent-encode.js'

/**
 * Builds the canonicalised query string: all parameters except `Signature`, sorted by name, each name and
 * value percent-encoded, joined with `&`.
 *
 * Sorting uses the decoded names in UTF-16 code-unit order, which is what every official SDK does
 * (`Object.keys(params).sort()` in openapi-util, rpc-util and pop-core) and what Java's `TreeMap` gives the
 * Alibaba samples; spec §2.3 says "encoded name", and both orders agree for every name made of unreserved
 * characters, which all KMS parameter names are.
 */
export function v1CanonicalQuery(params: Record<string, string>): string {
  const names = Object.keys(params).filter((n) => n !== 'Signature')
  names.sort(compareCodeUnits)
  return names.map((n) => `${percentEncode(n)}=${percentEncode(params[n] ?? '')}`).join('&')
}

/**
 * StringToSign = METHOD & percentEncode("/") & percentEncode(CanonicalizedQueryString) (§2.3 step 4). The
 * method is the real HTTP method, so a signed GET does not verify as a POST.
 */
export function v1StringToSign(method: string, params: Record<string, string>): string {
  // percentEncode of the canonical query, built in one pass: that text holds only unreserved characters,
  // `%XY` escapes, `=` and `&`, whose encodings are `%25`, `%3D` and `%26`.
  const names = Object.keys(params)
  names.sort(compareCodeUnits)
  let encoded = ''
  for (const n of names) {
    if (n === 'Signature') continue
    if (encoded !== '') encoded += '%26'
    encoded += `${twice(n)}%3D${twice(params[n] ?? '')}`
  }
  return `${method.toUpperCase()}&%2F&${encoded}`
}

/** percentEncode(percentEncode(s)): the second pass only turns each `%` of the first into `%25`. */
function twice(s: string): string {
  const once = percentEncode(s)
  return once.includes('%') ? once.replaceAll('%', '%25') : once
}

/** Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)) (§2.3 step 5). */
export function v1Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64')
}

/** Plain code-unit comparison, independent of locale (what `Array.prototype.sort()` does by default). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
