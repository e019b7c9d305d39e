/**
 * Builds correctly signed raw control-plane requests (V1 HMAC-SHA1, spec/kms-openapi.md §2.3; V3
 * ACS3-HMAC-SHA256, §2.4) with openkms's own signature functions, and sends them over plain node:http.
 * The fuzzer, the reliability tests and the benchmarks use it where an SDK would hide the wire (hostile
 * parameter names, replays, skewed clocks, per-request signing under load).
 */
import { randomBytes } from 'node:crypto'
import { Agent, request as httpRequest } from 'node:http'
import { percentEncode } from '../../src/protocol/percent-encode.js'
import { v1Signature, v1StringToSign } from '../../src/protocol/signature-v1.js'
import { v3CanonicalRequest, v3Hash, v3Signature, v3StringToSign } from '../../src/protocol/signature-v3.js'
import { formatUtc } from '../../src/domain/time.js'

export const API_VERSION = '2016-01-20'

export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  /** STS credentials: sent as `SecurityToken` (V1) or `x-acs-security-token` (V3, signed). */
  securityToken?: string
}

export interface SignOptions {
  /** 'v1': every parameter (Signature too) in a form body or the query; 'v3': business params in the query. */
  style: 'v1' | 'v3'
  /** 'host:port' exactly as the server will see the Host header. */
  host: string
  method?: 'GET' | 'POST'
  /** Signed time (epoch ms); defaults to now. */
  now?: number
  /** Defaults to 32 random hex characters, as the SDKs send. */
  nonce?: string
  /** The product's API version: KMS by default; RAM `2015-05-01`, STS `2015-04-01`. */
  version?: string
}

/** A request ready for the wire: the path includes the query string. */
export interface SignedRequest {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body: Buffer
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export function newNonce(): string {
  return randomBytes(16).toString('hex')
}

function formEncode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&')
}

/**
 * Signs `action` with `params` (business parameters only; the common ones are added here). The result
 * verifies on the server whatever the parameter names and values are, NUL bytes and `__proto__` included.
 */
export function signRequest(creds: Credentials, action: string, params: Record<string, string>, opts: SignOptions): SignedRequest {
  const method = opts.method ?? 'POST'
  const nonce = opts.nonce ?? newNonce()
  const time = formatUtc(opts.now ?? Date.now())
  if (opts.style === 'v1') {
    const all: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, params, {
      Action: action,
      Version: opts.version ?? API_VERSION,
      Format: 'JSON',
      AccessKeyId: creds.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: time,
    })
    if (creds.securityToken !== undefined) all.SecurityToken = creds.securityToken
    all.Signature = v1Signature(creds.accessKeySecret, v1StringToSign(method, all))
    const encoded = formEncode(all)
    if (method === 'GET') return { method, path: `/?${encoded}`, headers: { host: opts.host }, body: Buffer.alloc(0) }
    const body = Buffer.from(encoded, 'utf8')
    return {
      method,
      path: '/',
      headers: { host: opts.host, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }
  }
  const query: Array<[string, string]> = Object.entries(params)
  const body = Buffer.alloc(0)
  const headers: Record<string, string> = {
    host: opts.host,
    'x-acs-action': action,
    'x-acs-version': opts.version ?? API_VERSION,
    'x-acs-date': time,
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': v3Hash(body),
  }
  if (creds.securityToken !== undefined) headers['x-acs-security-token'] = creds.securityToken
  const signedHeaders = Object.keys(headers).sort()
  const canonical = v3CanonicalRequest({ method, path: '/', query, headers, signedHeaders, payloadHash: headers['x-acs-content-sha256']! })
  const signature = v3Signature(creds.accessKeySecret, v3StringToSign(canonical))
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${creds.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`
  const qs = formEncode(params)
  return { method, path: qs ? `/?${qs}` : '/', headers, body }
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

/** Sends a request to `http://host` and reads the whole answer; rejects only on transport failures. */
export function send(host: string, req: SignedRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const [hostname, port] = splitHost(host)
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        hostname,
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      },
    )
    r.on('timeout', () => r.destroy(new Error(`request timed out after ${timeoutMs} ms`)))
    r.on('error', reject)
    r.end(req.body)
  })
}

function splitHost(host: string): [string, number] {
  const i = host.lastIndexOf(':')
  return [host.slice(0, i).replace(/^\[|\]$/g, ''), Number(host.slice(i + 1))]
}

export interface CallResult {
  status: number
  body: Record<string, unknown>
}

/**
 * Signs, sends and parses one call; throws when the body is not JSON (which no openkms answer may be).
 * `opts.style` defaults to V3, the signature the current SDKs use.
 */
export async function call(
  host: string,
  creds: Credentials,
  action: string,
  params: Record<string, string> = {},
  opts: Partial<SignOptions> = {},
): Promise<CallResult> {
  const res = await send(host, signRequest(creds, action, params, { style: 'v3', ...opts, host }))
  const text = res.body.toString('utf8')
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> }
  } catch {
    throw new Error(`${action}: HTTP ${res.status} with a non-JSON body: ${text.slice(0, 200)}`)
  }
}

/** Like `call`, but a non-200 answer throws with its Code, so setup steps fail loudly. */
export async function callOk(
  host: string,
  creds: Credentials,
  action: string,
  params: Record<string, string> = {},
  opts: Partial<SignOptions> = {},
): Promise<Record<string, unknown>> {
  const r = await call(host, creds, action, params, opts)
  if (r.status !== 200) throw new Error(`${action} failed: HTTP ${r.status} ${String(r.body.Code)}: ${String(r.body.Message)}`)
  return r.body
}
