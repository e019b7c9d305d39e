/**
 * `openkms call` and `client-key create` against a running server (spawned as production runs it), executed from
 * a different working directory with only OPENKMS_ENDPOINT and Alibaba's credential variables, or an aliyun CLI
 * profile. In-process administration refuses to create a data directory it was not asked to create.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { OPENKMS_BIN, spawnServer, type ServerProcess } from '../support/server-process.js'
import { callV3 } from '../support/sdk.js'

const run = promisify(execFile)
const CREDS = { accessKeyId: 'LTAIclitest000000001', accessKeySecret: 'cli-test-secret-0123456789' }

/** Environment without any openkms or Alibaba settings inherited from the test runner. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENKMS_') && !k.startsWith('ALIBABA_CLOUD_')) env[k] = v
  return { ...env, HOME: extra.HOME ?? env.HOME, OPENKMS_LOG_LEVEL: 'silent', OPENKMS_FROM_SOURCE: '1', ...extra }
}

async function openkms(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [OPENKMS_BIN, ...args], { cwd, timeout: 120_000, env: cleanEnv(env) })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}

describe('openkms call against a running server', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'openkms-remote-cli-'))
  const elsewhere = join(root, 'elsewhere')
  let server: ServerProcess
  let env: Record<string, string>

  before(async () => {
    mkdirSync(elsewhere)
    server = await spawnServer({ dataDir: join(root, 'server-data'), credentials: CREDS, workers: 1, env: { OPENKMS_FROM_SOURCE: '1' } })
    env = {
      HOME: join(root, 'home'),
      OPENKMS_ENDPOINT: server.host,
      ALIBABA_CLOUD_ACCESS_KEY_ID: CREDS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDS.accessKeySecret,
    }
  })
  after(async () => {
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('creates, uses and lists keys on the server; nothing is written in the working directory', async () => {
    const created = await openkms(elsewhere, ['call', 'CreateKey', '--Description', 'from the cli', '-p', 'Tags=[{"TagKey":"env","TagValue":"cli"}]'], env)
    assert.equal(created.code, 0, created.stderr)
    const keyId = (JSON.parse(created.stdout) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
    // The server itself has it: an official SDK sees the same key.
    const described = await callV3({ endpoint: server.host, ...CREDS }, 'DescribeKey', { KeyId: keyId })
    assert.equal((described.body.KeyMetadata as { Description: string }).Description, 'from the cli')

    const enc = await openkms(elsewhere, ['call', 'Encrypt', '--KeyId', keyId, '--Plaintext', 'aGVsbG8='], env)
    const blob = (JSON.parse(enc.stdout) as { CiphertextBlob: string }).CiphertextBlob
    const dec = await openkms(elsewhere, ['call', 'Decrypt', '--CiphertextBlob', blob], env)
    assert.equal((JSON.parse(dec.stdout) as { Plaintext: string }).Plaintext, 'aGVsbG8=')

    const table = await openkms(elsewhere, ['call', 'ListKeys', '--PageSize', '100', '--output', 'table'], env)
    assert.equal(table.code, 0, table.stderr)
    const lines = table.stdout.trimEnd().split('\n')
    assert.match(lines[0] ?? '', /^KeyId\s+KeyArn$/)
    assert.ok(lines.some((l) => l.startsWith(keyId)), table.stdout)
    const fields = await openkms(elsewhere, ['call', 'DescribeKey', '--KeyId', keyId, '-o', 'table'], env)
    assert.match(fields.stdout, /^KeyMetadata\s+\{.*"Description":"from the cli"/m)
    const who = await openkms(elsewhere, ['call', 'sts', 'GetCallerIdentity'], env)
    assert.equal(who.code, 0, who.stderr)
    assert.equal((JSON.parse(who.stdout) as { IdentityType: string }).IdentityType, 'Account', 'STS actions go with their own API version')
    assert.deepEqual(readdirSync(elsewhere), [], 'no .data appeared in the working directory')
  })

  it('takes credentials from an aliyun CLI profile; refusals print Code: Message and exit 1', async () => {
    const config = join(root, 'aliyun-config.json')
    writeFileSync(
      config,
      JSON.stringify({
        current: 'default',
        profiles: [
          { name: 'default', mode: 'AK', access_key_id: 'LTAInobody', access_key_secret: 'wrong' },
          { name: 'dev', mode: 'AK', access_key_id: CREDS.accessKeyId, access_key_secret: CREDS.accessKeySecret, region_id: 'cn-hangzhou' },
        ],
      }),
    )
    const profileEnv = { HOME: env.HOME!, OPENKMS_ENDPOINT: server.host, ALIBABA_CLOUD_CONFIG_FILE: config }
    const ok = await openkms(elsewhere, ['call', 'DescribeRegions', '--profile', 'dev'], profileEnv)
    assert.equal(ok.code, 0, ok.stderr)
    assert.ok((JSON.parse(ok.stdout) as { Regions: unknown }).Regions)
    const viaEnvProfile = await openkms(elsewhere, ['call', 'DescribeRegions'], { ...profileEnv, ALIBABA_CLOUD_PROFILE: 'dev' })
    assert.equal(viaEnvProfile.code, 0, viaEnvProfile.stderr)

    const unknownKey = await openkms(elsewhere, ['call', 'DescribeRegions'], profileEnv)
    assert.equal(unknownKey.code, 1)
    assert.match(unknownKey.stderr, /^InvalidAccessKeyId\.NotFound: .*\(RequestId [0-9a-f-]+\)$/m)
    const wrongSecret = await openkms(elsewhere, ['call', 'DescribeRegions'], { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret' })
    assert.equal(wrongSecret.code, 1)
    assert.match(wrongSecret.stderr, /^SignatureDoesNotMatch: /m)
    assert.ok(!wrongSecret.stderr.includes('not-the-secret'))
    const missingProfile = await openkms(elsewhere, ['call', 'DescribeRegions', '--profile', 'ghost'], profileEnv)
    assert.equal(missingProfile.code, 1)
    assert.match(missingProfile.stderr, /no profile "ghost"/)
    const badParam = await openkms(elsewhere, ['call', 'DescribeKey'], env)
    assert.equal(badParam.code, 1)
    assert.match(badParam.stderr, /^MissingParameter: /m)
  })

  it('client-key create asks the server and writes the two files', async () => {
    const policy = await openkms(elsewhere, ['call', 'CreatePolicy', '--Name', 'cli-p', '--Permissions', '["RbacPermission/Template/CryptoServiceKeyUser"]', '--Resources', '["key/*"]'], env)
    assert.equal(policy.code, 0, policy.stderr)
    const aap = await openkms(elsewhere, ['call', 'CreateApplicationAccessPoint', '--Name', 'cli_app', '--Policies', '["cli-p"]'], env)
    assert.equal(aap.code, 0, aap.stderr)
    const out = join(root, 'client-keys')
    const created = await openkms(elsewhere, ['client-key', 'create', '--aap', 'cli_app', '--out', out], env)
    assert.equal(created.code, 0, created.stderr)
    const id = /ClientKeyId:\s+(\S+)/.exec(created.stdout)?.[1]
    assert.ok(id)
    const file = JSON.parse(readFileSync(join(out, `clientKey_${id}.json`), 'utf8')) as { KeyId: string; PrivateKeyData: string }
    assert.equal(file.KeyId, id)
    assert.ok(existsSync(join(out, `clientKey_${id}_Password.txt`)))
    const listed = await callV3({ endpoint: server.host, ...CREDS }, 'ListClientKeys', {}, { method: 'GET' })
    assert.ok(JSON.stringify(listed.body).includes(id!))
    const ghost = await openkms(elsewhere, ['client-key', 'create', '--aap', 'ghost', '--out', join(root, 'none')], env)
    assert.equal(ghost.code, 1)
    assert.match(ghost.stderr, /^Forbidden\.ResourceNotFound: /m)
  })

  it('without an endpoint it says what to configure; in-process administration never creates a data directory unasked', async () => {
    const bare = { HOME: env.HOME! }
    const noEndpoint = await openkms(elsewhere, ['call', 'ListKeys'], bare)
    assert.equal(noEndpoint.code, 1)
    assert.match(noEndpoint.stderr, /OPENKMS_ENDPOINT/)
    for (const args of [['call', 'ListKeys', '--local'], ['seed', join(root, 'nothing.json')], ['access-key', 'list'], ['root-key', 'rotate']]) {
      const r = await openkms(elsewhere, args, bare)
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`)
      assert.match(r.stderr, /no openkms installation in .*elsewhere.*openkms init/, args.join(' '))
    }
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was created')
    const created = await openkms(elsewhere, ['call', 'ListKeys', '--local', '--create'], bare)
    assert.equal(created.code, 0, created.stderr)
    assert.ok(existsSync(join(elsewhere, '.data', 'openkms.db')))
    const local = await openkms(elsewhere, ['call', 'ListKeys', '--local', '-o', 'table'], bare)
    assert.equal(local.code, 0, local.stderr)
    assert.match(local.stdout, /^Field\s+Value/m)
  })
})
