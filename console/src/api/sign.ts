/**
 * Signature V3 (ACS3-HMAC-SHA256) computed in the browser with WebCrypto, exactly as Alibaba's openapi SDKs sign
 * (spec/kms-openapi.md §2.4): canonical request → SHA-256 → HMAC-SHA256 keyed with the AccessKey secret.
 * No DOM here: the same module runs under Node in the tests, against the server's verifier.
 */

export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  /** STS credentials carry a security token, sent and signed as `x-acs-security-token`. */
  securityToken?: string
}

export interface SignInput {
  method: 'POST' | 'GET'
  host: string
  action: string
  version: string
  /** Form body (`application/x-www-form-urlencoded`), already encoded; '' for none. */
  body: string
  /** `yyyy-MM-ddTHH:mm:ssZ`; defaults to now. */
  date?: string
  nonce?: string
}

export const ALGORITHM = 'ACS3-HMAC-SHA256'
export const FORM_TYPE = 'application/x-www-form-urlencoded'
const encoder = new TextEncoder()

/** RFC 3986: only `A-Z a-z 0-9 - _ . ~` stay literal (encodeURIComponent also leaves `!'()*`). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `name=value&…` in insertion order, RFC 3986-encoded: the body the server decodes as a form. */
export function formBody(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  // Browsers expose WebCrypto only to secure contexts: HTTPS, or http://localhost / 127.0.0.1.
  if (!s) throw new Error('This page is not a secure context, so the browser offers no WebCrypto to sign requests: open the console over HTTPS or on localhost.')
  return s
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await subtle().digest('SHA-256', encoder.encode(text)))
}

export async function hmacSha256Hex(secret: string, text: string): Promise<string> {
  const key = await subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return hex(await subtle().sign('HMAC', key, encoder.encode(text)))
}

export function utcNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function randomNonce(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return hex(bytes.buffer)
}

/**
 * CanonicalRequest = Method \n / \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload. The console
 * sends its parameters in the body, so its query is empty; `query` (already canonical) serves the spec's vectors.
 */
export function canonicalRequest(method: string, headers: Record<string, string>, payloadHash: string, query = ''): { text: string; signed: string } {
  const names = Object.keys(headers).sort()
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] as string).trim()}\n`).join('')
  const signed = names.join(';')
  return { text: [method, '/', query, canonicalHeaders, signed, payloadHash].join('\n'), signed }
}

/**
 * The headers of a signed request: every `x-acs-*`, `host` and `content-type` header is signed. `host` is
 * signed but returned apart, since a browser sets it itself (to the page's host, the value signed here).
 */
export async function signRequest(creds: Credentials, input: SignInput): Promise<{ headers: Record<string, string>; host: string }> {
  const payloadHash = await sha256Hex(input.body)
  const signedHeaders: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': input.date ?? utcNow(),
    'x-acs-signature-nonce': input.nonce ?? randomNonce(),
    'x-acs-content-sha256': payloadHash,
    // Always sent and signed: for an empty body fetch would otherwise add (unsigned) text/plain itself.
    'content-type': FORM_TYPE,
  }
  if (creds.securityToken) {
    signedHeaders['x-acs-security-token'] = creds.securityToken
    signedHeaders['x-acs-accesskey-id'] = creds.accessKeyId
  }
  const canonical = canonicalRequest(input.method, signedHeaders, payloadHash)
  const stringToSign = `${ALGORITHM}\n${await sha256Hex(canonical.text)}`
  const signature = await hmacSha256Hex(creds.accessKeySecret, stringToSign)
  const { host, ...headers } = signedHeaders
  headers.authorization = `${ALGORITHM} Credential=${creds.accessKeyId},SignedHeaders=${canonical.signed},Signature=${signature}`
  headers.accept = 'application/json'
  return { headers, host: host as string }
}
