/**
 * Response rendering: JSON (default) or XML when a V1 caller asks `Format=XML`. Arrays render in XML as
 * repeated elements named after their key, which gives Alibaba's `<Keys><Key>…</Key></Keys>` from
 * `{"Keys":{"Key":[…]}}`.
 */
import { KmsError } from '../domain/errors.js'

export type ResponseFormat = 'json' | 'xml'

export interface RenderedResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const JSON_TYPE = 'application/json;charset=utf-8'
/** openapi-core parses XML errors only for exactly this content type (spec §3.1). */
const XML_TYPE = 'text/xml;charset=utf-8'

export function formatOf(value: string | undefined): ResponseFormat {
  return value !== undefined && value.toLowerCase() === 'xml' ? 'xml' : 'json'
}

export function renderSuccess(action: string, requestId: string, body: Record<string, unknown>, format: ResponseFormat): RenderedResponse {
  const full = { RequestId: requestId, ...body }
  const headers = { 'x-acs-request-id': requestId }
  if (format === 'xml')
    return { status: 200, headers: { ...headers, 'content-type': XML_TYPE }, body: xmlDocument(`${action}Response`, full) }
  return { status: 200, headers: { ...headers, 'content-type': JSON_TYPE }, body: JSON.stringify(full) }
}

export function renderError(err: KmsError, requestId: string, hostId: string, format: ResponseFormat): RenderedResponse {
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Kms&requestId=${requestId}`,
  }
  const headers = { 'content-type': format === 'xml' ? XML_TYPE : JSON_TYPE, 'x-acs-request-id': requestId }
  return { status: err.status, headers, body: format === 'xml' ? xmlDocument('Error', body) : JSON.stringify(body) }
}

function xmlDocument(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${xmlFields(body)}</${root}>`
}

function xmlFields(obj: Record<string, unknown>): string {
  let out = ''
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) for (const item of v) out += xmlElement(k, item)
    else out += xmlElement(k, v)
  }
  return out
}

function xmlElement(name: string, value: unknown): string {
  if (value !== null && typeof value === 'object') return `<${name}>${xmlFields(value as Record<string, unknown>)}</${name}>`
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string)
}
