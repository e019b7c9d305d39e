/**
 * Revocation is immediate everywhere: disabling or deleting an AccessKey, detaching a policy, changing a policy's
 * default version, removing a user from a group and deleting a user take effect on the very next request on
 * every worker (`--workers 2` on SQLite, also when the change comes from `openkms access-key` in another process)
 * and on every node (two nodes on one PostgreSQL). Both servers log at trace level, and no AccessKey secret or
 * SecurityToken may appear in what they wrote.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { startTestPostgres } from '../support/postgres.js'
import { OPENKMS_BIN, spawnServer, type ServerProcess } from '../support/server-process.js'
import { signRequest, type Credentials } from '../support/signed-request.js'
import { findLeaks, type Needle } from '../reliability/leak-scan.js'

const ROOT: Credentials = { accessKeyId: 'LTAIrevocationroot01', accessKeySecret: 'revocation-root-secret-0123456789' }
const RAM = { version: '2015-05-01' }
const STS = { version: '2015-04-01' }
const ENV = { OPENKMS_FROM_SOURCE: '1', OPENKMS_LOG_LEVEL: 'trace' }
const pg = await startTestPostgres()

/** One signed call on a new connection (no keep-alive), so consecutive calls spread over a server's workers. */
function fresh(host: string, creds: Credentials, action: string, params: Record<string, string> = {}, opts: { version?: string } = {}) {
  const req = signRequest(creds, action, params, { style: 'v3', host, ...opts })
  const i = host.lastIndexOf(':')
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const r = request({ hostname: host.slice(0, i), port: Number(host.slice(i + 1)), method: req.method, path: req.path, agent: false, headers: { ...req.headers, 'content-length': req.body.length } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> }))
      res.on('error', reject)
    })
    r.setTimeout(60_000, () => r.destroy(new Error('no answer within 60 s')))
    r.on('error', reject)
    r.end(req.body)
  })
}

async function ok(host: string, creds: Credentials, action: string, params: Record<string, string> = {}, opts: { version?: string } = {}) {
  const r = await fresh(host, creds, action, params, opts)
  if (r.status !== 200) throw new Error(`${action}: ${r.status} ${String(r.body.Code)} ${String(r.body.Message)}`)
  return r.body
}

/**
 * The scenario, on `hosts` (the same host twice for workers, two nodes otherwise): every change is made through
 * hosts[0] and checked with four fresh requests alternating over all hosts. Returns the secrets it saw.
 */
async function revocationScenario(hosts: string[], disableFromCli?: (accessKeyId: string) => Promise<void>): Promise<Needle[]> {
  const writer = hosts[0]!
  const tag = randomBytes(3).toString('hex')
  const userName = `app-${tag}`
  const keyId = ((await ok(writer, ROOT, 'CreateKey')).KeyMetadata as { KeyId: string }).KeyId
  const allowEncrypt = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] })
  const denyAll = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] })
  await ok(writer, ROOT, 'CreateUser', { UserName: userName }, RAM)
  await ok(writer, ROOT, 'CreatePolicy', { PolicyName: `enc-${tag}`, PolicyDocument: allowEncrypt }, RAM)
  await ok(writer, ROOT, 'AttachPolicyToUser', { PolicyType: 'Custom', PolicyName: `enc-${tag}`, UserName: userName }, RAM)
  const ak = (await ok(writer, ROOT, 'CreateAccessKey', { UserName: userName }, RAM)).AccessKey as { AccessKeyId: string; AccessKeySecret: string }
  const user: Credentials = { accessKeyId: ak.AccessKeyId, accessKeySecret: ak.AccessKeySecret }

  const expectEverywhere = async (what: string, expected: string) => {
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      const r = await fresh(hosts[i % hosts.length]!, user, 'Encrypt', { KeyId: keyId, Plaintext: 'eA==' })
      seen.push(r.status === 200 ? 'ok' : `${r.status} ${String(r.body.Code)}`)
    }
    assert.deepEqual(seen, Array(4).fill(expected), what)
  }

  await expectEverywhere('allowed by its policy (caches warm on every process)', 'ok')
  await ok(writer, ROOT, 'UpdateAccessKey', { UserName: userName, UserAccessKeyId: user.accessKeyId, Status: 'Inactive' }, RAM)
  await expectEverywhere('a disabled AccessKey', '400 InvalidAccessKeyId.Inactive')
  await ok(writer, ROOT, 'UpdateAccessKey', { UserName: userName, UserAccessKeyId: user.accessKeyId, Status: 'Active' }, RAM)
  await expectEverywhere('enabled again', 'ok')
  if (disableFromCli) {
    await disableFromCli(user.accessKeyId)
    await expectEverywhere('disabled by `openkms access-key disable` in another process', '400 InvalidAccessKeyId.Inactive')
    await ok(writer, ROOT, 'UpdateAccessKey', { UserName: userName, UserAccessKeyId: user.accessKeyId, Status: 'Active' }, RAM)
    await expectEverywhere('enabled again after the CLI', 'ok')
  }
  await ok(writer, ROOT, 'DetachPolicyFromUser', { PolicyType: 'Custom', PolicyName: `enc-${tag}`, UserName: userName }, RAM)
  await expectEverywhere('its policy detached', '403 Forbidden.RAM')
  await ok(writer, ROOT, 'CreateGroup', { GroupName: `g-${tag}` }, RAM)
  await ok(writer, ROOT, 'AttachPolicyToGroup', { PolicyType: 'Custom', PolicyName: `enc-${tag}`, GroupName: `g-${tag}` }, RAM)
  await ok(writer, ROOT, 'AddUserToGroup', { UserName: userName, GroupName: `g-${tag}` }, RAM)
  await expectEverywhere('allowed through its group', 'ok')
  await ok(writer, ROOT, 'CreatePolicyVersion', { PolicyName: `enc-${tag}`, PolicyDocument: denyAll, SetAsDefault: 'true' }, RAM)
  await expectEverywhere('the policy’s new default version denies', '403 Forbidden.RAM')
  await ok(writer, ROOT, 'SetDefaultPolicyVersion', { PolicyName: `enc-${tag}`, VersionId: 'v1' }, RAM)
  await expectEverywhere('back to v1', 'ok')
  await ok(writer, ROOT, 'RemoveUserFromGroup', { UserName: userName, GroupName: `g-${tag}` }, RAM)
  await expectEverywhere('removed from its group', '403 Forbidden.RAM')
  await ok(writer, ROOT, 'AttachPolicyToUser', { PolicyType: 'Custom', PolicyName: `enc-${tag}`, UserName: userName }, RAM)
  await expectEverywhere('attached again', 'ok')

  // An STS session for the secrets scan (its secret and token must not be logged either).
  await ok(writer, ROOT, 'CreateRole', {
    RoleName: `r-${tag}`,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:root'] } }] }),
  }, RAM)
  await ok(writer, ROOT, 'AttachPolicyToUser', { PolicyType: 'System', PolicyName: 'AliyunSTSAssumeRoleAccess', UserName: userName }, RAM)
  const session = (await ok(writer, user, 'AssumeRole', { RoleArn: `acs:ram::1234567890123456:role/r-${tag}`, RoleSessionName: 'scan' }, STS)).Credentials as {
    AccessKeySecret: string
    SecurityToken: string
  }

  await ok(writer, ROOT, 'DeleteAccessKey', { UserName: userName, UserAccessKeyId: user.accessKeyId }, RAM)
  await expectEverywhere('a deleted AccessKey', '404 InvalidAccessKeyId.NotFound')
  await ok(writer, ROOT, 'DetachPolicyFromUser', { PolicyType: 'Custom', PolicyName: `enc-${tag}`, UserName: userName }, RAM)
  await ok(writer, ROOT, 'DetachPolicyFromUser', { PolicyType: 'System', PolicyName: 'AliyunSTSAssumeRoleAccess', UserName: userName }, RAM)
  await ok(writer, ROOT, 'DeleteUser', { UserName: userName }, RAM)
  await expectEverywhere('its user deleted', '404 InvalidAccessKeyId.NotFound')
  return [
    { label: 'user AccessKey secret', bytes: Buffer.from(user.accessKeySecret) },
    { label: 'root AccessKey secret', bytes: Buffer.from(ROOT.accessKeySecret) },
    { label: 'STS AccessKey secret', bytes: Buffer.from(session.AccessKeySecret) },
    { label: 'SecurityToken', bytes: Buffer.from(session.SecurityToken.slice(4, 68)) },
  ]
}

const noLeaks = (server: ServerProcess, needles: Needle[]) =>
  assert.deepEqual(findLeaks([{ name: 'server output', bytes: Buffer.from(server.output()) }], needles), [])

describe('revocation across two workers on SQLite', { timeout: 600_000 }, () => {
  let server: ServerProcess
  let dataDir: string
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-revoke-workers-'))
    server = await spawnServer({ dataDir, credentials: ROOT, args: ['--workers', '2'], env: ENV, timeoutMs: 180_000 })
  })
  after(async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses on the next request on every worker, also after `openkms access-key disable` elsewhere, and logs no secret', async () => {
    const cli = async (accessKeyId: string) => {
      await promisify(execFile)(process.execPath, [OPENKMS_BIN, 'access-key', 'disable', accessKeyId, '--data-dir', dataDir], {
        env: { ...process.env, OPENKMS_FROM_SOURCE: '1', OPENKMS_ACCESS_KEY_ID: ROOT.accessKeyId, OPENKMS_ACCESS_KEY_SECRET: ROOT.accessKeySecret },
      })
    }
    const needles = await revocationScenario([server.host, server.host], cli)
    noLeaks(server, needles)
  })
})

describe('revocation across two nodes on one PostgreSQL', { timeout: 600_000 }, () => {
  let nodes: ServerProcess[] = []
  const dirs: string[] = []
  before(async () => {
    const url = await pg.createDatabase()
    const rootKey = randomBytes(32).toString('base64')
    nodes = await Promise.all(
      [0, 1].map(() => {
        const dataDir = mkdtempSync(join(tmpdir(), 'openkms-revoke-node-'))
        dirs.push(dataDir)
        return spawnServer({ dataDir, credentials: ROOT, args: ['--workers', '1'], env: { ...ENV, OPENKMS_DATABASE_URL: url, OPENKMS_ROOT_KEY: rootKey }, timeoutMs: 180_000 })
      }),
    )
  })
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()))
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('refuses on the next request on every node, and no node logs a secret', async () => {
    const needles = await revocationScenario(nodes.map((n) => n.host)).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${nodes.map((n) => n.output().slice(-3000)).join('\n----\n')}`)
    })
    for (const n of nodes) noLeaks(n, needles)
  })
})
