/**
 * STS credentials end to end: @alicloud/credentials' RamRoleArn provider (HTTPS only, so through a TLS front
 * whose certificate openssl issued) obtains a session that the KMS SDK then uses; SecurityTokens are refused
 * with Alibaba's codes when altered, another key's, expired or missing, and keep working across a restart.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type AddressInfo } from 'node:net'
import { createServer as createTlsServer, type Server } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { call } from '../support/signed-request.js'
import { KMS, RAM, STS, doc, ramClient, stsClient, userWith, type Creds } from '../support/identity.js'
import { kmsClient } from '../support/sdk.js'
import { sealSessionToken } from '../../src/services/identity/sts-token.js'

const ACCOUNT = '1234567890123456'
const STS_VERSION = { version: '2015-04-01' }

describe('STS sessions', { timeout: 300_000 }, () => {
  let app: TestApp
  let dataDir: string
  let tlsDir: string
  let front: Server
  let assumer: Creds
  let roleArn: string
  let keyId: string
  const assume = async (session: string): Promise<Creds> =>
    (await stsClient(app.endpoint, assumer).assumeRole(new STS.AssumeRoleRequest!({ roleArn, roleSessionName: session, durationSeconds: 900 }))).body.credentials

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-sts-'))
    app = await startTestApp({ dataDir }, { keyPoolSize: 0 })
    const ram = ramClient(app.endpoint, TEST_AK)
    const trust = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } })
    roleArn = (await ram.createRole(new RAM.CreateRoleRequest!({ roleName: 'app-role', assumeRolePolicyDocument: trust }))).body.role.arn
    await ram.attachPolicyToRole(new RAM.AttachPolicyToRoleRequest!({ policyType: 'System', policyName: 'AliyunKMSCryptoUserAccess', roleName: 'app-role' }))
    assumer = await userWith(ram, 'deployer', [], ['AliyunSTSAssumeRoleAccess'])
    keyId = (await kmsClient({ endpoint: app.endpoint, ...TEST_AK }).createKey(new KMS.CreateKeyRequest!({ keySpec: 'Aliyun_AES_256' }))).keyMetadata.keyId

    // A TLS front for STS, as @alicloud/credentials insists on https: a certificate for 127.0.0.1 made by openssl.
    tlsDir = mkdtempSync(join(tmpdir(), 'openkms-sts-tls-'))
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem'),
    ], { stdio: 'ignore' })
    const { readFileSync } = await import('node:fs')
    front = createTlsServer({ key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) }, (socket) => {
      const upstream = connect(app.port, '127.0.0.1')
      socket.pipe(upstream).pipe(socket)
      socket.on('error', () => upstream.destroy())
      upstream.on('error', () => socket.destroy())
    })
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  })
  after(async () => {
    front?.close()
    await app.stop()
    rmSync(tlsDir, { recursive: true, force: true })
  })

  it('@alicloud/credentials (RamRoleArn over HTTPS) gets a session the KMS SDK then uses', async () => {
    const port = (front.address() as AddressInfo).port
    const input = JSON.stringify({ stsEndpoint: `127.0.0.1:${port}`, kmsEndpoint: app.endpoint, ...assumer, roleArn, keyId })
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./identity-credentials-child.ts', import.meta.url)), input], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir, 'cert.pem') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c))
    child.stderr.on('data', (c: Buffer) => (err += c))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    assert.equal(code, 0, err)
    assert.deepEqual(JSON.parse(out.trim()), { type: 'ram_role_arn', accessKeyIdPrefix: 'STS.', hasToken: true, plaintext: 'via credentials' })
  })

  it('refuses altered, mismatched, expired and missing tokens with the STS codes', async () => {
    const a = await assume('one')
    const b = await assume('two')
    const encrypt = (c: Creds, style: 'v1' | 'v3' = 'v3') => call(app.endpoint, c, 'Encrypt', { KeyId: keyId, Plaintext: 'eA==' }, { style })
    const outcome = async (c: Creds, style: 'v1' | 'v3' = 'v3') => {
      const r = await encrypt(c, style)
      return r.status === 200 ? 'ok' : `${r.status} ${String(r.body.Code)}`
    }
    assert.equal(await outcome(a), 'ok')
    assert.equal(await outcome(a, 'v1'), 'ok')
    const t = a.securityToken!
    const flipped = `${t.slice(0, 40)}${t[40] === 'A' ? 'B' : 'A'}${t.slice(41)}`
    assert.equal(await outcome({ ...a, securityToken: flipped }), '400 InvalidSecurityToken.Malformed')
    assert.equal(await outcome({ ...a, securityToken: 'CAIS' }), '400 InvalidSecurityToken.Malformed')
    assert.equal(await outcome({ ...a, securityToken: 'garbage\u0000' }, 'v1'), '400 InvalidSecurityToken.Malformed')
    assert.equal(await outcome({ ...a, securityToken: b.securityToken! }), '400 InvalidSecurityToken.MismatchWithAccessKey')
    assert.equal(await outcome({ ...TEST_AK, securityToken: a.securityToken! }), '400 InvalidSecurityToken.MismatchWithAccessKey')
    assert.equal(await outcome({ accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }), '400 MissingSecurityToken')
    assert.equal(await outcome({ ...a, accessKeySecret: b.accessKeySecret }), '400 SignatureDoesNotMatch')

    // A token that was genuine but has expired (sealed as the server seals them, an hour ago).
    const now = Date.now()
    const expired = {
      accessKeyId: 'STS.expiredsessiontest0000000000', accessKeySecret: 'expired-secret', accountId: ACCOUNT, roleName: 'app-role',
      roleId: '1', sessionName: 'old', sourceArn: `acs:ram::${ACCOUNT}:user/deployer`, issuedAt: now - 2 * 3600_000, expiresAt: now - 3600_000,
    }
    const token = sealSessionToken(app.runtime.keyring, expired)
    assert.equal(await outcome({ accessKeyId: expired.accessKeyId, accessKeySecret: expired.accessKeySecret, securityToken: token }), '400 InvalidSecurityToken.Expired')
    // GetCallerIdentity with a session names the assumed role.
    const who = await call(app.endpoint, a, 'GetCallerIdentity', {}, STS_VERSION)
    assert.equal(who.body.Arn, `acs:ram::${ACCOUNT}:assumed-role/app-role/one`)
  })

  it('keeps sessions valid across a restart (verified statelessly with the root key)', async () => {
    const c = await assume('before-restart')
    await app.stop({ keepData: true })
    app = await startTestApp({ dataDir }, { keyPoolSize: 0 })
    const r = await call(app.endpoint, c, 'Encrypt', { KeyId: keyId, Plaintext: 'eA==' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
  })
})
