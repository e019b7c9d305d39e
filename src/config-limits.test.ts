import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_LIMITS, limitsFrom } from './config-limits.js'

describe('transport limit settings', () => {
  it('defaults when unset; each setting read from its variable', () => {
    assert.deepEqual(limitsFrom(() => undefined), DEFAULT_LIMITS)
    const env: Record<string, string> = { OPENKMS_MAX_PARAMS: '50', OPENKMS_HEADERS_TIMEOUT: '0.5', OPENKMS_MAX_CONNECTIONS: '7' }
    const limits = limitsFrom((s) => env[s.env])
    assert.deepEqual([limits.maxParams, limits.headersTimeoutSeconds, limits.maxConnections], [50, 0.5, 7])
  })
  it('refuses values that are not positive, fractional counts, and a header deadline past the request deadline', () => {
    assert.throws(() => limitsFrom((s) => (s.env === 'OPENKMS_MAX_PARAMS' ? '0' : undefined)), /OPENKMS_MAX_PARAMS \/ --max-params: expected a positive whole number, got 0/)
    assert.throws(() => limitsFrom((s) => (s.env === 'OPENKMS_MAX_BODY_BYTES' ? '1.5' : undefined)), /whole number/)
    assert.throws(() => limitsFrom((s) => (s.env === 'OPENKMS_IDLE_TIMEOUT' ? 'soon' : undefined)), /positive number of seconds/)
    assert.throws(() => limitsFrom((s) => (s.env === 'OPENKMS_HEADERS_TIMEOUT' ? '60' : undefined)), /must not exceed OPENKMS_REQUEST_TIMEOUT/)
  })
})
