import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KmsError } from './errors.js'
import { stageDiff, stagesAfterNewVersion, stagesAfterUpdate, stagesOf, versionsToDrop } from './version-stages.js'

const map = (o: Record<string, string>) => new Map(Object.entries(o))
const obj = (m: Map<string, string>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)))
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return (e as KmsError).code
  }
  return 'no error'
}

describe('version stages', () => {
  it('a new version takes ACSCurrent and the old current becomes ACSPrevious', () => {
    const after = stagesAfterNewVersion(map({ ACSCurrent: 'v1', ACSPrevious: 'v0', Mine: 'v0' }), 'v2')
    assert.deepEqual(obj(after), { ACSCurrent: 'v2', ACSPrevious: 'v1', Mine: 'v0' })
    assert.deepEqual(obj(stagesAfterNewVersion(new Map(), 'v1')), { ACSCurrent: 'v1' })
  })

  it('a new version with custom stages leaves ACSCurrent where it is, and moves the labels it takes', () => {
    const after = stagesAfterNewVersion(map({ ACSCurrent: 'v1', Next: 'v1' }), 'v2', ['Next', 'Other'])
    assert.deepEqual(obj(after), { ACSCurrent: 'v1', Next: 'v2', Other: 'v2' })
  })

  it('lists a version’s labels with the built-in ones first', () => {
    assert.deepEqual(stagesOf(map({ b: 'v', ACSPrevious: 'v', A: 'v', ACSCurrent: 'x' }), 'v'), ['ACSPrevious', 'A', 'b'])
  })

  it('moves ACSCurrent, pushing the former holder to ACSPrevious', () => {
    const has = () => true
    const after = stagesAfterUpdate(map({ ACSCurrent: 'v2', ACSPrevious: 'v1' }), { stage: 'ACSCurrent', moveTo: 'v1' }, has)
    assert.deepEqual(obj(after), { ACSCurrent: 'v1', ACSPrevious: 'v2' })
    const same = stagesAfterUpdate(map({ ACSCurrent: 'v2' }), { stage: 'ACSCurrent', moveTo: 'v2', removeFrom: 'v2' }, has)
    assert.deepEqual(obj(same), { ACSCurrent: 'v2' })
  })

  it('removes and moves custom labels', () => {
    const has = () => true
    assert.deepEqual(obj(stagesAfterUpdate(map({ ACSCurrent: 'v2', L: 'v1' }), { stage: 'L', removeFrom: 'v1' }, has)), { ACSCurrent: 'v2' })
    assert.deepEqual(obj(stagesAfterUpdate(map({ ACSCurrent: 'v2' }), { stage: 'L', moveTo: 'v1' }, has)), { ACSCurrent: 'v2', L: 'v1' })
  })

  it('refuses illegal moves', () => {
    const has = (id: string) => id !== 'nope'
    const m = map({ ACSCurrent: 'v2', ACSPrevious: 'v1', L: 'v1' })
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'ACSCurrent', removeFrom: 'v2' }, has)), 'InvalidParameter')
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'ACSPrevious', removeFrom: 'v1' }, has)), 'InvalidParameter')
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'L' }, has)), 'MissingParameter')
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'L', moveTo: 'nope' }, has)), 'Forbidden.ResourceNotFound')
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'L', removeFrom: 'v2' }, has)), 'InvalidParameter')
    assert.equal(code(() => stagesAfterUpdate(m, { stage: 'ACSPrevious', moveTo: 'v2' }, has)), 'InvalidParameter')
  })

  it('drops the oldest unlabelled versions beyond the limit, and refuses when all are labelled', () => {
    const versions = ['v1', 'v2', 'v3', 'v4']
    assert.equal(code(() => versionsToDrop(versions, map({ ACSCurrent: 'v4', ACSPrevious: 'v3', L: 'v1' }), 2)), 'Rejected.LimitExceeded')
    assert.deepEqual(versionsToDrop(versions, map({ ACSCurrent: 'v4', ACSPrevious: 'v3', L: 'v1' }), 3), ['v2'])
    assert.deepEqual(versionsToDrop(versions, map({ ACSCurrent: 'v4' }), 2), ['v1', 'v2'])
    assert.deepEqual(versionsToDrop(versions, map({ ACSCurrent: 'v4' }), 4), [])
    assert.equal(code(() => versionsToDrop(versions, map({ ACSCurrent: 'v4', ACSPrevious: 'v3', L: 'v1' }), 1)), 'Rejected.LimitExceeded')
  })

  it('computes the writes between two stage maps', () => {
    const diff = stageDiff(map({ ACSCurrent: 'v1', L: 'v1', M: 'v0' }), map({ ACSCurrent: 'v2', ACSPrevious: 'v1', M: 'v0' }))
    assert.deepEqual(diff, { set: [['ACSCurrent', 'v2'], ['ACSPrevious', 'v1']], remove: ['L'] })
  })
})
