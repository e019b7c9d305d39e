/**
 * Identity over the control plane's own HTTPS listener (OPENKMS_TLS): `acs:SecureTransport` is true there, and
 * @alicloud/credentials reaches STS on it directly, trusting only the private CA file, then the KMS SDK uses
 * the session over HTTPS too.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { startTestApp, type TestApp } from '../support/test-app.js'
import { doc, type Creds } from '../support/identity.js'
import { dispatch } from '../../src/actions/dispatch.js'
import { RAM as RAM_PRODUCT } from '../../src/actions/index.js'
import { localCaller } from '../../src/actions/define-action.js'

const require = createRequire(import.meta.url)
const OpenApi = require('@alicloud/openapi-client')
const TeaUtil = require('@alicloud/tea-util')

describe('identity over HTTPS', { timeout: 300_000 }, () => {
  let app: TestApp
  let ca: string
  let tlsOnly: Creds
  let keyId: string
  let roleArn: string
  let deployer: Creds

  before(async () => {
    app = await startTestApp({ tls: true }, { keyPoolSize: 0 })
    ca = readFileSync(app.caFilePath, 'utf8')
    const ctx = { ...app.runtime, requestId: 'setup', caller: localCaller(app.runtime.config.accountId) }
    const ram = (action: string, params: Record<string, string>) => dispatch(action, params, ctx, RAM_PRODUCT)
    keyId = ((await dispatch('CreateKey', {}, ctx)).KeyMetadata as { KeyId: string }).KeyId
    const user = async (name: string, policy: string): Promise<Creds> => {
      await ram('CreateUser', { UserName: name })
      await ram('CreatePolicy', { PolicyName: `${name}-p`, PolicyDocument: policy })
      await ram('AttachPolicyToUser', { UserName: name, PolicyType: 'Custom', PolicyName: `${name}-p` })
      const ak = (await ram('CreateAccessKey', { UserName: name })).AccessKey as { AccessKeyId: string; AccessKeySecret: string }
      return { accessKeyId: ak.AccessKeyId, accessKeySecret: ak.AccessKeySecret }
    }
    tlsOnly = await user('tls-only', doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: { Bool: { 'acs:SecureTransport': 'true' } } }))
    deployer = await user('deployer', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }))
    const trust = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${app.runtime.config.accountId}:user/deployer`] } })
    roleArn = ((await ram('CreateRole', { RoleName: 'https-role', AssumeRolePolicyDocument: trust })).Role as { Arn: string }).Arn
    await ram('AttachPolicyToRole', { RoleName: 'https-role', PolicyType: 'System', PolicyName: 'AliyunKMSCryptoUserAccess' })
  })
  after(() => app.stop())

  it('supplies acs:SecureTransport = true over HTTPS', async () => {
    const client = new OpenApi.default(new OpenApi.Config({ endpoint: app.endpoint, protocol: 'https', ...tlsOnly, ca }))
    const params = new OpenApi.Params({ action: 'Encrypt', version: '2016-01-20', protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' })
    const r = await client.callApi(params, new OpenApi.OpenApiRequest({ query: { KeyId: keyId, Plaintext: 'eA==' } }), new TeaUtil.RuntimeOptions({ readTimeout: 30000 }))
    assert.equal(r.statusCode, 200)
  })

  it('@alicloud/credentials assumes a role on the HTTPS endpoint, and the KMS SDK uses the session over HTTPS', async () => {
    const input = JSON.stringify({ stsEndpoint: app.endpoint, kmsEndpoint: app.endpoint, kmsProtocol: 'https', ...deployer, roleArn, keyId })
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./identity-credentials-child.ts', import.meta.url)), input], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: app.caFilePath },
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
})
