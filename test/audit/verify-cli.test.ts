/**
 * `openkms audit verify`, run as operators run it, on a real log written by two server starts (two chains):
 * the intact log and the store pass; editing, deleting, inserting or reordering any record, forging a
 * re-hashed chain, an unreadable line or a foreign seal key fail with status 1 naming the first broken line;
 * a tail cut after the last seal gives status 2.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestApp, TEST_AK } from '../support/test-app.js'
import { callV3 } from '../support/sdk.js'
import { recordHash, type AuditRecord } from '../../src/audit/record.js'
import { openkms } from '../support/cli.js'

describe('openkms audit verify', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'openkms-audit-cli-'))
  const dataDir = join(root, 'data')
  const logFile = join(root, 'audit.jsonl')
  let lines: string[]
  after(() => rmSync(root, { recursive: true, force: true }))

  before(async () => {
    for (const round of [1, 2]) {
      const app = await startTestApp({ dataDir, auditFile: logFile }, { jobPeriodMs: 0, keyPoolSize: 0 })
      const ep = { endpoint: app.endpoint, ...TEST_AK }
      for (let i = 0; i < 6; i++) await callV3(ep, 'CreateKey', { Description: `round ${round} key ${i}` })
      await callV3(ep, 'DescribeKey', { KeyId: 'key-missing' }).catch(() => undefined)
      await app.stop({ keepData: true })
    }
    lines = readFileSync(logFile, 'utf8').trimEnd().split('\n')
  })

  const records = () => lines.map((l) => JSON.parse(l) as AuditRecord)
  const verifyLines = async (edited: string[], extra: string[] = []) => {
    const file = join(root, `edited-${Math.random().toString(36).slice(2)}.jsonl`)
    writeFileSync(file, `${edited.join('\n')}\n`)
    return openkms(['audit', 'verify', file, '--data-dir', dataDir, ...extra])
  }
  const rehash = (r: AuditRecord): string => JSON.stringify({ ...r, hash: recordHash(r) })
  const expectBreak = async (edited: string[], problem: string, line: number) => {
    const r = await verifyLines(edited)
    assert.equal(r.code, 1, r.stdout)
    assert.match(r.stdout, new RegExp(`^${problem} at line ${line}:`, 'm'), r.stdout)
    assert.match(r.stdout, /BROKEN/)
  }

  it('passes the intact log (two closed chains) and the store', async () => {
    assert.equal(records().filter((r) => r.type === 'event').length, 14)
    const file = await verifyLines(lines)
    assert.equal(file.code, 0, file.stdout)
    assert.match(file.stdout, /OK \(2 chains\)/)
    assert.equal((file.stdout.match(/, closed/g) ?? []).length, 2)
    const store = await openkms(['audit', 'verify', '--store', '--data-dir', dataDir])
    assert.equal(store.code, 0, store.stdout)
  })

  it('detects an edited event, whether or not its hash was recomputed', async () => {
    const rs = records()
    const edited = [...lines]
    const victim = rs[2] as AuditRecord & { type: 'event' }
    edited[2] = JSON.stringify({ ...victim, event: { ...victim.event, eventName: 'DescribeRegions' } })
    await expectBreak(edited, 'ALTERED', 3)
    edited[2] = rehash({ ...victim, event: { ...victim.event, sourceIpAddress: '10.9.9.9' } })
    await expectBreak(edited, 'ALTERED', 4)
  })

  it('detects a whole chain re-hashed after an edit: the seal no longer verifies', async () => {
    const rs = records()
    const chain = rs[0]?.chain
    const out = [...lines]
    let prev = rs[0]?.prev as string
    let sealLine = 0
    for (let i = 0; i < rs.length && rs[i]?.chain === chain; i++) {
      let r = { ...(rs[i] as AuditRecord), prev }
      if (i === 1 && r.type === 'event') r = { ...r, event: { ...r.event, userAgent: 'forged' } }
      const text = rehash(r)
      prev = (JSON.parse(text) as AuditRecord).hash
      out[i] = text
      if (r.type === 'seal' && !sealLine) sealLine = i + 1
    }
    await expectBreak(out, 'BAD-SEAL', sealLine)
  })

  it('detects a deleted record', async () => {
    await expectBreak(lines.filter((_, i) => i !== 3), 'REMOVED', 4)
  })

  it('detects an inserted record: a replayed copy or a forged one', async () => {
    const copy = [...lines.slice(0, 5), lines[2] as string, ...lines.slice(5)]
    await expectBreak(copy, 'INSERTED', 6)
    const rs = records()
    const forged = rehash({ ...(rs[2] as AuditRecord), seq: 3, prev: (rs[1] as AuditRecord).hash, event: { ...(rs[2] as AuditRecord & { type: 'event' }).event, eventId: 'forged' } } as AuditRecord)
    await expectBreak([...lines.slice(0, 2), forged, ...lines.slice(2)], 'INSERTED', 4)
  })

  it('detects reordered records', async () => {
    const swapped = [...lines]
    ;[swapped[3], swapped[4]] = [swapped[4] as string, swapped[3] as string]
    await expectBreak(swapped, 'REORDERED', 4)
  })

  it('detects an unreadable line', async () => {
    const edited = [...lines]
    edited[5] = '{"chain": "truncated'
    await expectBreak(edited, 'MALFORMED', 6)
  })

  it('reports a tail cut after the last seal with status 2', async () => {
    const r = await verifyLines(lines.slice(0, -1))
    assert.equal(r.code, 2, r.stdout)
    assert.match(r.stdout, /UNSEALED-TAIL at line \d+/)
  })

  it('refuses seals by a key it was not given', async () => {
    const other = join(root, 'other.pem')
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }))
    const r = await verifyLines(lines, ['--public-key', other])
    assert.equal(r.code, 1, r.stdout)
    assert.match(r.stdout, /NO-SEAL-KEY/)
    const own = join(root, 'own.pem')
    writeFileSync(own, (await openkms(['audit', 'public-key', '--data-dir', dataDir])).stdout)
    assert.equal((await verifyLines(lines, ['--public-key', own])).code, 0)
  })

  it('lists stored events as JSON lines, filtered', async () => {
    const r = await openkms(['audit', 'list', '--data-dir', dataDir, '--action', 'DescribeKey', '--errors'])
    assert.equal(r.code, 0)
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { eventName: string; errorCode?: string })
    assert.equal(events.length, 2)
    assert.ok(events.every((e) => e.eventName === 'DescribeKey' && e.errorCode === 'Forbidden.KeyNotFound'))
  })
})
