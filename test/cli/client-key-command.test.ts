/**
 * `openkms client-key create`, run as users run it (node bin/openkms.js … --data-dir <tmp>): it writes the two
 * files Alibaba's console gives out, private to their owner, and OpenSSL opens the key with the password file.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openkms } from '../support/cli.js'
import { withOpenssl } from '../support/openssl.js'
import { checkClientKeyPassword } from '../../src/domain/client-key-rules.js'
import { openStore } from '../../src/store/open-store.js'
import { initRuntime } from '../../src/runtime/app.js'
import { configFromEnv } from '../../src/config.js'
import { dispatch } from '../../src/actions/dispatch.js'
import pino from 'pino'
import { localCaller } from '../../src/actions/define-action.js'

describe('openkms client-key create', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'openkms-cli-'))
  const dataDir = join(root, 'data')
  const data = ['--data-dir', dataDir]
  after(() => rmSync(root, { recursive: true, force: true }))

  before(async () => {
    const { runtime } = await initRuntime(configFromEnv({}, { dataDir }), { log: pino({ level: 'silent' }), keyPoolSize: 0 })
    const ctx = { ...runtime, requestId: 'setup', caller: localCaller(runtime.config.accountId, 'cli', 'test') }
    await dispatch('CreatePolicy', { Name: 'cli-policy', Permissions: '["RbacPermission/Template/CryptoServiceKeyUser"]', Resources: '["key/*"]' }, ctx)
    await dispatch('CreateApplicationAccessPoint', { Name: 'cli_app', Policies: '["cli-policy"]' }, ctx)
    await runtime.store.close()
  })

  it('writes clientKey_<id>.json and clientKey_<id>_Password.txt (0600) that OpenSSL opens; refuses bad input', async () => {
    const [generated, given, unknown, weak] = await Promise.all([
      openkms(['client-key', 'create', '--local', '--aap', 'cli_app', '--out', join(root, 'out1'), ...data]),
      openkms(['client-key', 'create', '--local', '--aap', 'cli_app', '--password', 'cli-Pass_42', '--out', join(root, 'out2'), ...data]),
      openkms(['client-key', 'create', '--local', '--aap', 'ghost', '--out', join(root, 'out3'), ...data]),
      openkms(['client-key', 'create', '--local', '--aap', 'cli_app', '--password', 'weak', '--out', join(root, 'out4'), ...data]),
    ])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /^Forbidden\.ResourceNotFound: .*application access point ghost/m)
    assert.deepEqual(readdirSync(join(root, 'out3')), [], 'a refused creation writes no file')
    assert.equal(weak.code, 1)
    assert.match(weak.stderr, /^InvalidParameter: .*"Password"/m)
    assert.ok(!weak.stderr.includes('weak'), 'the password is not echoed')

    const store = await openStore({ dataDir })
    try {
      for (const [result, out, password] of [
        [generated, 'out1', undefined],
        [given, 'out2', 'cli-Pass_42'],
      ] as const) {
        assert.equal(result.code, 0, result.stderr)
        const id = /^ClientKeyId:\s+(KAAP\.[0-9a-f-]{36})$/m.exec(result.stdout)?.[1] as string
        assert.ok(id, result.stdout)
        const keyFile = join(root, out, `clientKey_${id}.json`)
        const passwordFile = join(root, out, `clientKey_${id}_Password.txt`)
        assert.ok(result.stdout.includes(keyFile) && result.stdout.includes(passwordFile), 'both paths are printed')
        for (const f of [keyFile, passwordFile]) assert.equal(statSync(f).mode & 0o777, 0o600, f)
        const content = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, string>
        assert.deepEqual(Object.keys(content), ['KeyId', 'PrivateKeyData'])
        assert.equal(content.KeyId, id)
        const pw = readFileSync(passwordFile, 'utf8')
        if (password) assert.equal(pw, password)
        else {
          assert.doesNotThrow(() => checkClientKeyPassword(pw))
          assert.equal(pw.length, 24)
        }
        withOpenssl((dir) => {
          const p12 = dir.put('k.p12', Buffer.from(content.PrivateKeyData as string, 'base64'))
          const opened = dir.run(['pkcs12', '-in', p12, '-passin', `file:${passwordFile}`, '-nodes', '-out', 'all.pem'])
          assert.ok(opened.ok, opened.stderr)
          const pem = dir.read('all.pem').toString()
          assert.ok(pem.includes('BEGIN PRIVATE KEY') && pem.includes('BEGIN CERTIFICATE'))
        })
        const stored = await store.access.clientKeys.get(id)
        assert.equal(stored?.aapName, 'cli_app')
      }
    } finally {
      await store.close()
    }
    assert.equal(existsSync(join(root, 'out4')), true)
    assert.deepEqual(readdirSync(join(root, 'out4')), [])
  })
})
