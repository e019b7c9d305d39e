/** Contract: AuditRepo (src/store/repos/audit.ts). */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { AuditRow } from '../../src/store/store.js'
import { freshStore, type MakeStore } from './contract-fixtures.js'

function row(chainId: string, seq: number, overrides: Partial<AuditRow> = {}): AuditRow {
  return {
    chainId,
    seq,
    kind: 'event',
    time: 1_700_000_000_000 + seq * 1000,
    requestId: `${chainId}-req-${seq}`,
    eventName: 'Encrypt',
    errorCode: null,
    caller: 'LTAIcaller',
    record: JSON.stringify({ chain: chainId, seq, note: 'ünïcode ✓' }),
    ...overrides,
  }
}

export function auditContract(makeStore: MakeStore): void {
  describe('audit records', () => {
    const store = freshStore(makeStore)

    it('appends rows exactly and reads a chain back in sequence order, paged', async () => {
      const s = store()
      const rows = [row('a', 1), row('a', 2, { kind: 'seal', requestId: null, eventName: null, caller: null }), row('b', 1), row('a', 3)]
      await s.audit.append(rows)
      assert.deepEqual(await s.audit.chains(), ['a', 'b'])
      assert.deepEqual(await s.audit.readChain('a', 0, 10), [rows[0], rows[1], rows[3]])
      assert.deepEqual(await s.audit.readChain('a', 1, 1), [rows[1]])
    })

    it('writes a batch all or nothing: a repeated (chain, seq) refuses the whole batch', async () => {
      const s = store()
      await s.audit.append([row('c', 1)])
      await assert.rejects(s.audit.append([row('c', 2), row('c', 1)]))
      assert.deepEqual((await s.audit.readChain('c', 0, 10)).map((r) => r.seq), [1])
      const many = Array.from({ length: 2500 }, (_, i) => row('big', i + 1))
      await s.audit.append(many)
      assert.equal((await s.audit.readChain('big', 0, 5000)).length, 2500)
    })

    it('lists events (not seals) newest first, filtered by time, action, caller, request and errors', async () => {
      const s = store()
      await s.audit.append([
        row('d', 1),
        row('d', 2, { eventName: 'Decrypt', errorCode: 'Forbidden.KeyNotFound' }),
        row('d', 3, { kind: 'seal', requestId: null, eventName: null, caller: null }),
        row('d', 4, { caller: 'KAAP.client' }),
      ])
      assert.deepEqual((await s.audit.list({ limit: 10 })).map((r) => r.seq), [4, 2, 1])
      assert.deepEqual((await s.audit.list({ limit: 2 })).map((r) => r.seq), [4, 2])
      assert.deepEqual((await s.audit.list({ eventName: 'Decrypt', limit: 10 })).map((r) => r.seq), [2])
      assert.deepEqual((await s.audit.list({ errorsOnly: true, limit: 10 })).map((r) => r.seq), [2])
      assert.deepEqual((await s.audit.list({ caller: 'KAAP.client', limit: 10 })).map((r) => r.seq), [4])
      assert.deepEqual((await s.audit.list({ requestId: 'd-req-1', limit: 10 })).map((r) => r.seq), [1])
      const t = (seq: number) => 1_700_000_000_000 + seq * 1000
      assert.deepEqual((await s.audit.list({ from: t(2), to: t(4), limit: 10 })).map((r) => r.seq), [2])
    })

    it('prunes each chain up to its last seal older than the cut-off, keeping that seal as the anchor', async () => {
      const s = store()
      const seal = { kind: 'seal' as const, requestId: null, eventName: null, caller: null }
      await s.audit.append([row('e', 1), row('e', 2, seal), row('e', 3), row('e', 4, seal), row('e', 5), row('f', 1), row('f', 2)])
      const cutoff = 1_700_000_000_000 + 4500
      assert.equal(await s.audit.prune(cutoff), 3)
      assert.deepEqual((await s.audit.readChain('e', 0, 10)).map((r) => r.seq), [4, 5])
      assert.deepEqual((await s.audit.readChain('f', 0, 10)).map((r) => r.seq), [1, 2], 'a chain with no old seal keeps everything')
      assert.equal(await s.audit.prune(cutoff), 0)
    })
  })
}
