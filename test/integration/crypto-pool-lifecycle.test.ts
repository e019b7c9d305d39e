/**
 * The crypto worker pool belongs to the running app: private-key operations run on the runtime's pool, and
 * App.close() stops its worker threads, so nothing of a closed app keeps running.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startTestApp } from '../support/test-app.js'
import { dispatch } from '../../src/actions/dispatch.js'
import { localCaller } from '../../src/actions/define-action.js'

describe('crypto worker pool lifecycle', () => {
  it('signs on the runtime pool and App.close() stops its workers', async () => {
    const app = await startTestApp({}, { keyPoolSize: 0 })
    const ctx = { ...app.runtime, requestId: 'test', caller: localCaller(app.runtime.config.accountId, 'cli', 'test') }
    try {
      assert.equal(app.runtime.cryptoPool.workerCount, 0, 'workers start on first use')
      const key = await dispatch('CreateKey', { KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' }, ctx)
      const keyId = String((key.KeyMetadata as { KeyId: string }).KeyId)
      const versions = await dispatch('ListKeyVersions', { KeyId: keyId }, ctx)
      const keyVersionId = String((versions.KeyVersions as { KeyVersion: { KeyVersionId: string }[] }).KeyVersion[0]!.KeyVersionId)
      const digest = createHash('sha256').update('owned by the runtime').digest('base64')
      const signed = await dispatch('AsymmetricSign', { KeyId: keyId, KeyVersionId: keyVersionId, Algorithm: 'ECDSA_SHA_256', Digest: digest }, ctx)
      assert.ok(String(signed.Value).length > 0)
      assert.equal(app.runtime.cryptoPool.mode, 'workers')
      assert.ok(app.runtime.cryptoPool.workerCount >= 1, 'the signature ran on the runtime pool')
    } finally {
      await app.stop()
    }
    assert.equal(app.runtime.cryptoPool.workerCount, 0, 'App.close() stopped the workers')
  })
})
