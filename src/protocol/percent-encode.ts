/**
 * RFC 3986 percent-encoding as Alibaba's RPC and ACS3 signatures use it (spec/kms-openapi.md §2.3 step 2):
 * the unreserved set `A-Z a-z 0-9 - _ . ~` stays literal, every other UTF-8 byte becomes `%XY` (upper-case
 * hex), so a space is `%20` and `*` is `%2A`. Signatures must be computed over this exact form.
 */
export function percentEncode(s: string): string {
  if (UNRESERVED_ONLY.test(s)) return s
  let encoded: string
  try {
    encoded = encodeURIComponent(s)
  } catch {
    // A lone surrogate cannot be UTF-8 encoded by encodeURIComponent; Buffer substitutes U+FFFD instead.
    return encodeBytes(Buffer.from(s, 'utf8'))
  }
  // encodeURIComponent leaves RFC 3986 sub-delimiters `!'()*` literal; RFC 3986 §2.3 does not list them as unreserved.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/

function encodeBytes(bytes: Buffer): string {
  let out = ''
  for (const b of bytes) {
    const c = String.fromCharCode(b)
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
