import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatHttpDate, parseHttpDate } from './http-date.js'

describe('http-date', () => {
  it("formats as Go's http.TimeFormat (RFC 1123, GMT, two-digit day)", () => {
    assert.equal(formatHttpDate(Date.UTC(2006, 0, 2, 15, 4, 5)), 'Mon, 02 Jan 2006 15:04:05 GMT')
  })

  it('parses GMT and UTC forms and round-trips', () => {
    const t = Date.UTC(2026, 11, 31, 23, 59, 59)
    assert.equal(parseHttpDate(formatHttpDate(t)), t)
    assert.equal(parseHttpDate('Thu, 31 Dec 2026 23:59:59 UTC'), t)
  })

  it('refuses other formats and impossible dates', () => {
    for (const s of ['Mon, 02 Jan 2006 15:04:05', 'Monday, 02-Jan-06 15:04:05 GMT', 'Mon Jan  2 15:04:05 2006',
      'Mon, 29 Feb 2026 00:00:00 GMT', 'Mon, 02 Jan 2006 15:60:05 GMT', 'Mon, 02 Jan 2006 15:04:05 GMT ', 'Mon, 00 Jan 2006 15:04:05 GMT']) {
      assert.equal(parseHttpDate(s), undefined, s)
    }
  })
})
