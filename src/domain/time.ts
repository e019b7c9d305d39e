/** Alibaba's wire time format: UTC `yyyy-MM-ddTHH:mm:ssZ`, no milliseconds (spec §4.1). */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString() // …THH:mm:ss.sssZ, also for extended years
  return `${iso.slice(0, -5)}Z`
}

const UTC_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/

/** Parses the strict wire format; returns undefined for anything else (including impossible dates). */
export function parseUtc(text: string): number | undefined {
  const m = UTC_SECONDS.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  // Years below 100 are refused as before: Date.UTC would read them as 19xx.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  // Date.UTC rolls 31 April over into May: an impossible day shows as another day of the month.
  return new Date(ms).getUTCDate() === d ? ms : undefined
}

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
