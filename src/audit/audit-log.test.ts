import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { AuditLog } from './audit-log.js'
import { sealKeyFromRootKey } from './seal-key.js'
import { verifyRecords } from './verify.js'
import type { AuditSink } from './sinks.js'
import type { AuditRecord } from './record.js'
import type { AuditEvent } from './event.js'

/** A sink that keeps lines in memory and refuses writes while `failing`. */
function memorySink(): AuditSink & { lines: string[]; writes: number; failing: boolean } {
  const sink = {
    name: 'memory',
    lines: [] as string[],
    writes: 0,
    failing: false,
    async write(records: readonly AuditRecord[]) {
      await new Promise((r) => setTimeout(r, 2))
      if (sink.failing) throw new Error('ENOSPC')
      sink.writes += 1
      sink.lines.push(...records.map((r) => JSON.stringify(r)))
    },
    close: async () => undefined,
  }
  return sink
}

const event = (n: number): AuditEvent => ({
  eventId: `e${n}`,
  eventVersion: 1,
  eventTime: new Date(1_700_000_000_000 + n).toISOString(),
  eventType: 'ApiCall',
  eventRW: 'Read',
  eventSource: 'kms.cn-hangzhou.aliyuncs.com',
  eventName: 'DescribeKey',
  serviceName: 'Kms',
  acsRegion: 'cn-hangzhou',
  apiVersion: '2016-01-20',
  requestId: `r${n}`,
  sourceIpAddress: '127.0.0.1',
  userAgent: 'test',
  recipientAccountId: '1',
  userIdentity: { type: 'root-account', accountId: '1' },
  additionalEventData: { plane: 'openapi', httpStatus: 200, latencyMs: 1 },
})

describe('AuditLog', () => {
  const signer = sealKeyFromRootKey(randomBytes(32))
  const open = (sink: AuditSink, sealEveryEvents = 1000) =>
    new AuditLog({ sinks: [sink], signer, chainId: 'test.1', now: () => new Date(), log: pino({ level: 'silent' }), sealEveryEvents })
  const verify = (lines: string[]) => verifyRecords(lines.map((text, i) => ({ at: `line ${i + 1}`, text })), [signer.publicKey])

  it('group-commits concurrent events and closes with a final seal', async () => {
    const sink = memorySink()
    const log = open(sink)
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => log.record(event(i))))
    assert.ok(results.every(Boolean))
    assert.ok(sink.writes < 50, `${sink.writes} writes for 50 events`)
    await log.close()
    const report = verify(sink.lines)
    assert.deepEqual(report.findings, [])
    assert.deepEqual(report.chains.map((c) => [c.events, c.closed]), [[50, true]])
  })

  it('reports events it could not write, then continues the same unbroken chain', async () => {
    const sink = memorySink()
    const log = open(sink, 3)
    assert.equal(await log.record(event(1)), true)
    sink.failing = true
    assert.deepEqual(await Promise.all([log.record(event(2)), log.record(event(3))]), [false, false])
    assert.equal(log.healthy, false)
    assert.equal(log.dropped, 2)
    sink.failing = false
    assert.equal(await log.record(event(4)), true)
    assert.equal(log.healthy, true)
    for (let i = 5; i < 12; i++) await log.record(event(i))
    await log.close()
    const report = verify(sink.lines)
    assert.deepEqual(report.findings, [])
    assert.equal(report.chains[0]?.events, 9)
    assert.ok((report.chains[0]?.seals ?? 0) >= 3, 'seals every few events')
  })

  it('refuses at once beyond its backlog bound', async () => {
    const sink = memorySink()
    const log = new AuditLog({ sinks: [sink], signer, chainId: 'test.2', now: () => new Date(), log: pino({ level: 'silent' }), maxBacklog: 5 })
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => log.record(event(i))))
    assert.equal(results.filter((r) => !r).length, 3)
    await log.close()
  })
})

describe('AuditLog recovery', () => {
  it('finds out by itself that a failing sink writes again (no request needed)', async () => {
    const signer = sealKeyFromRootKey(randomBytes(32))
    const sink = memorySink()
    const log = new AuditLog({ sinks: [sink], signer, chainId: 'test.3', now: () => new Date(), log: pino({ level: 'silent' }) })
    sink.failing = true
    assert.equal(await log.record(event(1)), false)
    assert.equal(log.healthy, false)
    sink.failing = false
    const deadline = Date.now() + 5000
    while (!log.healthy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    assert.equal(log.healthy, true)
    await log.close()
    assert.deepEqual(verifyRecords(sink.lines.map((text, i) => ({ at: `line ${i + 1}`, text })), [signer.publicKey]).findings, [])
  })
})
