const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const RFC1123 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$/

/** The `date` header as the SDKs send it: RFC 1123 in GMT, e.g. `Mon, 02 Jan 2006 15:04:05 GMT` (RFC 7231 §7.1.1.1). */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString()
}

/**
 * Parses an RFC 1123 date (GMT, or UTC as Alibaba's doc prose writes it); undefined for anything else,
 * including impossible dates. Like Go's `http.ParseTime`, the weekday is checked for form only.
 */
export function parseHttpDate(text: string): number | undefined {
  const m = RFC1123.exec(text)
  if (!m) return undefined
  const mon = MONTHS.indexOf(m[2] as string)
  const [day, year, h, mi, s] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number]
  if (h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(year, mon, day, h, mi, s)
  const d = new Date(ms)
  return d.getUTCDate() === day && d.getUTCMonth() === mon && d.getUTCFullYear() === year ? ms : undefined
}
