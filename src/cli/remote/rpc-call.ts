/**
 * One control-plane request as the current Alibaba SDKs send it (signature V3, ACS3-HMAC-SHA256, parameters in the
 * query, empty POST body), signed with the same functions the server verifies with, over node:http(s).
 */
import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { v3CanonicalQuery, v3CanonicalRequest, v3Hash, v3Signature, v3StringToSign } from '../../protocol/signature-v3.js'
import { formatUtc } from '../../domain/time.js'
import type { RemoteTarget } from './target.js'

/** KMS's; RAM and STS actions pass their own. */
export const API_VERSION = '2016-01-20'

export interface RpcAnswer {
  status: number
  body: Record<string, unknown>
}

export function signedRequest(target: RemoteTarget, action: string, params: Record<string, string>, version = API_VERSION, now = Date.now()) {
  const query = Object.entries(params)
  const body = Buffer.alloc(0)
  const headers: Record<string, string> = {
    host: target.url.host,
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': formatUtc(now),
    'x-acs-signature-nonce': randomBytes(16).toString('hex'),
    'x-acs-content-sha256': v3Hash(body),
    ...(target.securityToken ? { 'x-acs-security-token': target.securityToken } : {}),
  }
  const signedHeaders = Object.keys(headers).sort()
  const canonical = v3CanonicalRequest({ method: 'POST', path: '/', query, headers, signedHeaders, payloadHash: headers['x-acs-content-sha256']! })
  const signature = v3Signature(target.accessKeySecret, v3StringToSign(canonical))
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${target.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`
  headers.accept = 'application/json'
  const path = query.length ? `/?${v3CanonicalQuery(query)}` : '/'
  return { path, headers, body }
}

/** Sends the request; any HTTP answer resolves (errors come back as Alibaba's JSON error body), transport failures reject. */
export function callRemote(
  target: RemoteTarget,
  action: string,
  params: Record<string, string>,
  version = API_VERSION,
  timeoutMs = 60_000,
): Promise<RpcAnswer> {
  const req = signedRequest(target, action, params, version)
  const https = target.url.protocol === 'https:'
  const send = https ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const r = send(
      {
        host: target.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.url.port || (https ? 443 : 80),
        method: 'POST',
        path: req.path,
        headers: { ...req.headers, 'content-length': '0' },
        timeout: timeoutMs,
        ...(https && target.ca ? { ca: target.ca } : {}),
        ...(https ? { servername: target.url.hostname } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> })
          } catch {
            reject(new Error(`${target.url.host} answered HTTP ${res.statusCode} with a body that is not JSON`))
          }
        })
      },
    )
    r.on('timeout', () => r.destroy(new Error(`no answer from ${target.url.host} within ${timeoutMs / 1000} s`)))
    r.on('error', reject)
    r.end(req.body)
  })
}

