/**
 * The checks behind the transport limits (src/config-limits.ts holds the settings and their defaults):
 * parameter counting before anything is decoded, and the budget of request-body bytes held across connections.
 */
export { DEFAULT_LIMITS, type TransportLimits } from '../config-limits.js'

/**
 * Counts the parameters of a request without decoding any: `&`-separated parts of the query and, for a form
 * body, of the body. Scanning with indexOf stops at the first separator past the limit, so a body of 100,000
 * parameters costs microseconds, not the map building and percent-decoding it would otherwise force.
 */
export function exceedsParamCount(url: string, formBody: Buffer | undefined, max: number): boolean {
  const q = url.indexOf('?')
  let count = q < 0 ? 0 : 1 + countSeparators(url, q + 1, max)
  if (count > max) return true
  if (formBody !== undefined && formBody.length > 0) count += 1 + countBodySeparators(formBody, max - count)
  return count > max
}

function countSeparators(text: string, from: number, max: number): number {
  let n = 0
  for (let i = text.indexOf('&', from); i >= 0 && n <= max; i = text.indexOf('&', i + 1)) n++
  return n
}

const AMPERSAND = 0x26

function countBodySeparators(body: Buffer, max: number): number {
  let n = 0
  for (let i = body.indexOf(AMPERSAND); i >= 0 && n <= max; i = body.indexOf(AMPERSAND, i + 1)) n++
  return n
}

/**
 * The bytes of request bodies held in memory across every connection of a server. A request reserves each
 * chunk before keeping it and releases all it holds when it is answered; a reservation that would pass the
 * ceiling fails, and that request is refused while the others continue.
 */
export class BufferBudget {
  private used = 0
  constructor(private readonly max: number) {}

  reserve(bytes: number): boolean {
    if (this.used + bytes > this.max) return false
    this.used += bytes
    return true
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes)
  }

  get inUse(): number {
    return this.used
  }
}
