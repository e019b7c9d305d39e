/**
 * Turns an HTTP request into the transport-neutral `TransportRequest` that authentication and the RPC
 * pipeline read (spec/kms-openapi.md §1 "merge params from query and form body", §8).
 *
 * Parameter rules, chosen from what the official SDKs send (§1, §2.5):
 * - the query string is always read; the body only when it is `application/x-www-form-urlencoded`
 *   (pop-core POST, openapi-client with `request.body`); other bodies are left to the caller and, for V3,
 *   only hashed;
 * - `+` decodes to a space, as in every form decoder; the SDKs encode a literal plus as `%2B`;
 * - a name that appears twice in the same part is refused (`InvalidParameter`): every SDK builds each part
 *   from an object, so it never repeats a name, and refusing keeps "which value was signed" unambiguous;
 * - a name present in both the query and the body takes the body's value, because that is the value the
 *   SDKs sign (rpc-client and openapi-client V1 sign `{...query, ...body}`);
 * - malformed percent-encoding or bytes that are not UTF-8 are `InvalidParameter`, never a crash.
 */
import { KmsErrors } from '../domain/errors.js'

/** One control-plane request, as authentication and dispatch see it; no HTTP library types. */
export interface TransportRequest {
  /** Upper-case HTTP method: 'GET' | 'POST'. */
  method: string
  /** Request path without the query, as received ('/'). */
  path: string
  /** Decoded query parameters in arrival order. */
  query: Array<[string, string]>
  /** Lower-case header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>
  /** The raw body bytes (V3 hashes exactly these). */
  body: Buffer
  /** Decoded query and form-body parameters merged by `buildParams`. */
  params: Record<string, string>
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes `application/x-www-form-urlencoded` text (a query string or a form body) into pairs, in order.
 * `where` only names the part in error messages.
 */
export function parseFormEncoded(input: string | Buffer, where: 'query' | 'body'): Array<[string, string]> {
  let text: string
  if (typeof input === 'string') {
    text = input
  } else {
    try {
      text = utf8.decode(input)
    } catch {
      throw KmsErrors.parseFailure(where, `The request ${where} is not valid UTF-8.`)
    }
  }
  const pairs: Array<[string, string]> = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawName = eq < 0 ? part : part.slice(0, eq)
    const rawValue = eq < 0 ? '' : part.slice(eq + 1)
    const name = decodeComponent(rawName, rawName, where)
    if (name === '') continue
    pairs.push([name, decodeComponent(rawValue, name, where)])
  }
  return pairs
}

/**
 * Merges the decoded query and, for a form content type, the form body into one parameter map (rules in
 * the module comment). The result is a plain object in which a parameter named `__proto__` is an ordinary
 * own property.
 */
export function buildParams(
  query: Array<[string, string]>,
  contentType: string | undefined,
  body: Buffer,
): Record<string, string> {
  const params: Record<string, string> = {}
  putAll(params, query, 'query', false)
  if (contentType !== undefined && FORM_TYPE.test(contentType) && body.length > 0) {
    putAll(params, parseFormEncoded(body, 'body'), 'body', query.length > 0)
  }
  return params
}

/**
 * Adds pairs to `params`, refusing a name repeated within these pairs. `overrides`: `params` already holds
 * another part's names, which these replace (so a repeat must be told apart from an override).
 */
function putAll(params: Record<string, string>, pairs: Array<[string, string]>, where: 'query' | 'body', overrides: boolean): void {
  const names = overrides ? new Set<string>() : undefined
  for (const [name, value] of pairs) {
    if (names ? names.has(name) : Object.hasOwn(params, name)) {
      throw KmsErrors.invalidParameter(name, `The parameter is given more than once in the request ${where}.`)
    }
    names?.add(name)
    // `__proto__` would set the prototype if assigned; as a parameter it is an ordinary own property.
    if (name === '__proto__') Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true })
    else params[name] = value
  }
}

/** Builds the `TransportRequest` for a node:http request whose body has been read into `body`. */
export function transportRequestFrom(
  msg: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> },
  body: Buffer,
): TransportRequest {
  const url = msg.url ?? '/'
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const query = q < 0 ? [] : parseFormEncoded(url.slice(q + 1), 'query')
  const ct = msg.headers['content-type']
  const contentType = Array.isArray(ct) ? ct[0] : ct
  return {
    method: (msg.method ?? 'GET').toUpperCase(),
    path,
    query,
    headers: msg.headers,
    body,
    params: buildParams(query, contentType, body),
  }
}

/** Nothing to decode: no escapes and no `+` (most names and many values). */
const PLAIN = /^[^%+]*$/

function decodeComponent(raw: string, name: string, where: string): string {
  if (PLAIN.test(raw)) return raw
  try {
    return decodeURIComponent(raw.includes('+') ? raw.replaceAll('+', ' ') : raw)
  } catch {
    throw KmsErrors.invalidParameter(name.slice(0, 64), `Malformed percent-encoding in the request ${where}.`)
  }
}
