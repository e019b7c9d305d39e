/**
 * A mixed, concurrent control-plane workload across several openkms endpoints (CreateKey, Encrypt,
 * CreateAlias, DisableKey/EnableKey through the official V3 SDK), which records every acknowledged write,
 * and the check that each one is present and consistent through a given endpoint afterwards.
 *
 * Each loop only toggles the keys it created, one request at a time, so the last acknowledged state of a key
 * is well defined. A request that fails without an answer (the node died) has an unknown outcome: its key
 * state becomes "unknown" and an alias it tried is not expected either way. Any refusal with a code is a bug.
 */
import assert from 'node:assert/strict'
import { callV3, failure, type Endpoint } from '../support/sdk.js'

type KeyState = 'Enabled' | 'Disabled' | 'unknown'

export interface WorkloadLog {
  keys: Map<string, KeyState>
  aliases: Map<string, string>
  ciphertexts: Array<{ keyId: string; blob: string; plaintext: string }>
  acknowledged: number
  /** Requests that got no answer because their node was killed. */
  failedOnDeadNode: number
  disrupted: boolean
}

export interface WorkloadOptions {
  loopsPerNode: number
  opsPerLoop: number
  /** Disrupt after this many acknowledged writes. */
  afterAcknowledged: number
  disrupt: () => Promise<void>
  /** Endpoint index that is down after the disruption: its loops fail over to the others. */
  avoidAfterDisrupt: number
}

/** An SDK error carries the service's answer in `data`; a transport failure does not. */
function answered(err: unknown): boolean {
  return typeof (err as { data?: { Code?: unknown } }).data?.Code === 'string'
}

export async function runMixedWorkload(endpoints: Endpoint[], opts: WorkloadOptions): Promise<WorkloadLog> {
  const log: WorkloadLog = { keys: new Map(), aliases: new Map(), ciphertexts: [], acknowledged: 0, failedOnDeadNode: 0, disrupted: false }
  let disrupting: Promise<void> | undefined
  const acked = () => {
    log.acknowledged++
    if (log.acknowledged >= opts.afterAcknowledged && !disrupting) {
      log.disrupted = true
      disrupting = opts.disrupt()
    }
  }

  const loop = async (home: number, loopNo: number) => {
    const mine: string[] = []
    const survivors = endpoints.map((_, i) => i).filter((i) => i !== opts.avoidAfterDisrupt)
    for (let op = 0; op < opts.opsPerLoop; op++) {
      const node = log.disrupted && home === opts.avoidAfterDisrupt ? survivors[(loopNo + op) % survivors.length]! : home
      const ep = endpoints[node]!
      const enabled = mine.filter((k) => log.keys.get(k) === 'Enabled')
      const kind = mine.length === 0 ? 0 : op % 4
      const target = mine[(op * 7 + loopNo) % Math.max(1, mine.length)]!
      try {
        if (kind === 0) {
          const keyId = ((await callV3(ep, 'CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
          mine.push(keyId)
          log.keys.set(keyId, 'Enabled')
        } else if (kind === 1 && enabled.length > 0) {
          const keyId = enabled[op % enabled.length]!
          const plaintext = `n${home}-l${loopNo}-op${op}`
          const r = await callV3(ep, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64') })
          log.ciphertexts.push({ keyId, blob: r.body.CiphertextBlob as string, plaintext })
        } else if (kind === 2) {
          const alias = `alias/w-${home}-${loopNo}-${op}`
          await callV3(ep, 'CreateAlias', { AliasName: alias, KeyId: target })
          log.aliases.set(alias, target)
        } else {
          const disable = log.keys.get(target) === 'Enabled'
          log.keys.set(target, 'unknown')
          await callV3(ep, disable ? 'DisableKey' : 'EnableKey', { KeyId: target })
          log.keys.set(target, disable ? 'Disabled' : 'Enabled')
        }
        acked()
      } catch (err) {
        if (answered(err)) throw err
        if (!log.disrupted || node !== opts.avoidAfterDisrupt) throw err
        log.failedOnDeadNode++
      }
    }
  }

  await Promise.all(endpoints.flatMap((_, node) => Array.from({ length: opts.loopsPerNode }, (_, l) => loop(node, l))))
  await disrupting
  return log
}

/** Asserts that every acknowledged write of `log` reads back consistently through `ep`. */
export async function checkAcknowledged(ep: Endpoint, log: WorkloadLog, admin: Endpoint): Promise<void> {
  for (const [keyId, state] of log.keys) {
    const md = (await callV3(ep, 'DescribeKey', { KeyId: keyId })).body.KeyMetadata as { KeyState: string }
    if (state === 'unknown') assert.ok(['Enabled', 'Disabled'].includes(md.KeyState), `${keyId}: ${md.KeyState}`)
    else assert.equal(md.KeyState, state, `${keyId} through ${ep.endpoint}`)
  }
  for (const [alias, keyId] of log.aliases) {
    const md = (await callV3(ep, 'DescribeKey', { KeyId: alias })).body.KeyMetadata as { KeyId: string }
    assert.equal(md.KeyId, keyId, `${alias} through ${ep.endpoint}`)
  }
  for (const { keyId, blob, plaintext } of log.ciphertexts) {
    const state = log.keys.get(keyId)
    if (state !== 'Enabled') {
      const refusal = await failure(callV3(ep, 'Decrypt', { CiphertextBlob: blob })).catch(() => undefined)
      if (state === 'Disabled') assert.equal(refusal?.code, 'Rejected.Disabled')
      continue
    }
    const r = await callV3(ep, 'Decrypt', { CiphertextBlob: blob })
    assert.equal(Buffer.from(r.body.Plaintext as string, 'base64').toString(), plaintext)
    assert.equal(r.body.KeyId, keyId)
  }
  const total = Number((await callV3(ep, 'ListKeys', { PageSize: '1' })).body.TotalCount)
  const viaAdmin = Number((await callV3(admin, 'ListKeys', { PageSize: '1' })).body.TotalCount)
  assert.ok(total >= log.keys.size, `ListKeys counts ${total}, at least ${log.keys.size} were acknowledged`)
  assert.equal(total, viaAdmin, 'every node counts the same keys')
}
