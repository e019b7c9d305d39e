/**
 * The contract every control-plane answer must keep, whatever was sent (spec/kms-openapi.md §3.1): a JSON
 * body with a RequestId; a success carries no `Code`; an error carries a `Code` from openkms's catalog
 * (src/domain/errors.ts ERROR_CATALOG) with exactly that entry's HTTP status, and is never a 5xx.
 */
import { ERROR_CATALOG } from '../../src/domain/errors.js'
import type { RawResponse } from './signed-request.js'

/** Describes what is wrong with the answer, or returns undefined when it keeps the contract. */
export function contractViolation(res: RawResponse): string | undefined {
  const text = res.body.toString('utf8')
  if (res.status >= 500) return `HTTP ${res.status} (server error): ${text.slice(0, 300)}`
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return `HTTP ${res.status} with a non-JSON body: ${JSON.stringify(text.slice(0, 200))}`
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return `HTTP ${res.status}: the body is not a JSON object`
  const b = body as Record<string, unknown>
  if (typeof b.RequestId !== 'string' || b.RequestId === '') return `HTTP ${res.status}: no RequestId`
  if (res.status === 200) return 'Code' in b ? `HTTP 200 carrying Code ${String(b.Code)}` : undefined
  const code = b.Code
  if (typeof code !== 'string' || !Object.hasOwn(ERROR_CATALOG, code)) return `HTTP ${res.status}: undocumented Code ${JSON.stringify(code)}`
  const expected = ERROR_CATALOG[code as keyof typeof ERROR_CATALOG].status
  if (expected !== res.status) return `${code} answered with HTTP ${res.status}, the catalog says ${expected}`
  return undefined
}
