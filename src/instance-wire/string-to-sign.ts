/** Header values as node:http exposes them (repeated headers may arrive as arrays). */
export type HeaderMap = Record<string, string | string[] | undefined>

/**
 * Reads one header case-insensitively. A repeated header is joined with ", " as node:http joins
 * repeated unknown headers, so client and server see the same text.
 */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue
    return Array.isArray(v) ? v.join(', ') : v
  }
  return undefined
}

/**
 * The `x-kms-*` canonicalised headers: lowercase names sorted in byte order, each
 * `name:trim(value)\n` (spec/kms-instance-api.md §1 "String-to-sign").
 */
function canonicalizedHeaders(headers: HeaderMap): string {
  const kms = new Map<string, string>()
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase()
    if (!lower.startsWith('x-kms-') || kms.has(lower)) continue
    const value = headerValue(headers, lower)
    if (value !== undefined) kms.set(lower, value.trim())
  }
  return [...kms.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}:${kms.get(name)}\n`)
    .join('')
}

/**
 * Builds the DKMS GCS string-to-sign that the client key signs with RSA PKCS#1 v1.5 SHA-256:
 * method, content-sha256, content-type and date each on their own line (empty when absent), the
 * canonicalised `x-kms-*` headers, then the resource `/` with no trailing newline. The method is
 * upper-cased as the SDKs send it; the instance API only ever uses POST.
 */
export function instanceStringToSign(h: {
  method: string
  contentSha256?: string
  contentType?: string
  date?: string
  headers: HeaderMap
}): string {
  return (
    `${h.method.toUpperCase()}\n${h.contentSha256 ?? ''}\n${h.contentType ?? ''}\n${h.date ?? ''}\n` +
    `${canonicalizedHeaders(h.headers)}/`
  )
}
