/**
 * The instance API answers transport failures (headers over the limit, deadlines, refused bodies) with the
 * protobuf `Error` body its SDKs parse: node's bare 431/408 would make the Go SDK fail with an unmarshal error.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type TLSSocket } from 'node:tls'
import { startTestApp, type TestApp } from '../support/test-app.js'
import { DEFAULT_LIMITS } from '../../src/config-limits.js'
import { decodeMessage } from '../../src/instance-wire/proto.js'
import { hugeHeaderHead, readAnswer } from '../support/attacks.js'

function openTls(port: number, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => resolve(s))
    s.once('error', reject)
  })
}

describe('instance API transport errors are protobuf', () => {
  let app: TestApp
  let ca: string
  before(async () => {
    app = await startTestApp({ limits: { ...DEFAULT_LIMITS, maxHeaderBytes: 16 * 1024, headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, maxConnections: 4 } })
    ca = (await import('node:fs')).readFileSync(app.caFilePath, 'utf8')
  })
  after(() => app.stop())

  const decode = (body: Buffer) => decodeMessage('Error', body) as { StatusCode: number; ErrorCode: string; ErrorMessage: string; RequestId: string }

  it('headers over the limit: 413 RequestEntityTooLarge as a protobuf Error', async () => {
    const s = await openTls(app.instancePort, ca)
    s.write(hugeHeaderHead(32 * 1024, 'localhost'))
    const a = await readAnswer(s)
    s.destroy()
    assert.equal(a.status, 413)
    assert.equal(a.headers['content-type'], 'application/x-protobuf')
    const e = decode(a.body)
    assert.equal(e.ErrorCode, 'RequestEntityTooLarge')
    assert.equal(e.StatusCode, 413)
    assert.ok(e.RequestId.length > 0)
  })

  it('a stalled request: 408 RequestTimeout as a protobuf Error', async () => {
    const s = await openTls(app.instancePort, ca)
    s.write('POST / HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-protobuf\r\ncontent-length: 100\r\n\r\n')
    const a = await readAnswer(s, 8000)
    s.destroy()
    assert.equal(a.status, 408)
    assert.equal(decode(a.body).ErrorCode, 'RequestTimeout')
  })

  it('a connection over the cap: 429 Rejected.Throttling as a protobuf Error', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => openTls(app.instancePort, ca)))
    try {
      const s = await openTls(app.instancePort, ca)
      const a = await readAnswer(s, 5000)
      s.destroy()
      assert.equal(a.status, 429)
      assert.equal(decode(a.body).ErrorCode, 'Rejected.Throttling')
    } finally {
      for (const s of held) s.destroy()
    }
  })
})
