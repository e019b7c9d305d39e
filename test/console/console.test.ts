/**
 * The web console end to end, in Debian's Chromium: sign in (a wrong secret is refused as such), create a key
 * and use it through the API, create a secret and reveal it, create an application access point and download a
 * client key that the instance API then accepts, and a RAM user whose policy forbids an action sees the refusal.
 * With OPENKMS_CONSOLE_SCREENSHOTS=<dir> it also saves the main pages as PNG files (docs/console/).
 */
import assert from 'node:assert/strict'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { InstanceClient } from '../../src/instance-client/index.js'
import { kmsClient, KMS } from '../support/sdk.js'
import { startTestApp, TEST_AK, type TestApp } from '../support/test-app.js'
import { auditPage, ensureConsoleBuilt, field, generatedForm, launchBrowser, openPage, screenshot, SHOTS, type Browser } from './browser.js'
import { assumedRole, RAM_VERSION, servedActions, STS_VERSION } from './signed-call.js'


/** The RAM actions (API 2015-05-01) of the server's registry; none while it serves KMS alone. */
const ramActions = () => servedActions(RAM_VERSION)

describe('web console in Chromium', { timeout: 600_000 }, () => {
  let app: TestApp
  let browser: Browser
  let page: Page
  /** Console errors and CSP violations: a strict policy that breaks the page would show here. */
  const pageErrors: string[] = []
  /** Every URL the page requested: the console fetches nothing from another origin. */
  const requested = new Set<string>()

  const shot = (name: string) => screenshot(page, name)
  const go = (hash: string) => openPage(page, hash)
  const form = (name: string) => generatedForm(page, name)
  const sdk = () => kmsClient({ endpoint: app.endpoint, ...TEST_AK })

  before(async () => {
    ensureConsoleBuilt()
    app = await startTestApp({}, { keyPoolSize: 0 })
    browser = await launchBrowser()
    page = await browser.context.newPage()
    page.on('dialog', (d) => void d.accept())
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text())
    })
    page.on('pageerror', (e) => pageErrors.push(String(e)))
    browser.context.on('request', (r) => void requested.add(r.url()))
  })
  after(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('refuses a wrong secret with its error code, then signs in with an AccessKey', async () => {
    await page.goto(`${app.url}/console`)
    assert.match(page.url(), /\/console\/$/, 'the bare path redirects to the page')
    await page.getByLabel('AccessKey ID').fill(TEST_AK.accessKeyId)
    await page.getByLabel('AccessKey secret').fill('not-the-secret')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.match(await alert.innerText(), /SignatureDoesNotMatch/)
    await page.getByLabel('AccessKey secret').fill(TEST_AK.accessKeySecret)
    await shot('sign-in')
    // The keyboard is enough: Enter in the form signs in.
    await page.getByLabel('AccessKey secret').press('Enter')
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Keys')
    // Kept in memory only: nothing in storage unless asked.
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0)
  })

  it('creates a key, which encrypts and decrypts through the API and shows in the list with its tag', async () => {
    await go('#/keys')
    await page.getByRole('button', { name: 'Create key' }).click()
    const f = form('Create key')
    await field(f, 'KeySpec').selectOption('Aliyun_AES_256')
    await field(f, 'Description').fill('made in the console')
    await field(f, 'Tags').fill('[{"TagKey":"team","TagValue":"console"}]')
    await f.getByRole('button', { name: 'Create key' }).click()
    const result = JSON.parse(await f.locator('.result pre').innerText()) as { KeyMetadata: { KeyId: string; KeySpec: string } }
    const keyId = result.KeyMetadata.KeyId
    assert.equal(result.KeyMetadata.KeySpec, 'Aliyun_AES_256')

    const kms = sdk()
    const enc = await kms.encrypt(new KMS.EncryptRequest!({ keyId, plaintext: 'console-made key' }))
    const dec = await kms.decrypt(new KMS.DecryptRequest!({ ciphertextBlob: enc.ciphertextBlob }))
    assert.equal(dec.plaintext, 'console-made key')
    assert.equal(dec.keyId, keyId)

    await go('#/keys')
    await page.getByLabel('Tag key').fill('team')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: keyId }) })
    await row.waitFor()
    assert.match(await row.innerText(), /Aliyun_AES_256[\s\S]*Enabled[\s\S]*made in the console[\s\S]*team: console/)

    // The details page decrypts the SDK's ciphertext through the console too.
    await row.getByRole('link', { name: keyId }).click()
    await page.getByRole('heading', { name: `Key ${keyId}` }).waitFor()
    await page.getByRole('table', { name: 'Key versions' }).getByRole('row').nth(1).waitFor()
    await shot('key-details')
    await page.getByLabel('Operation', { exact: true }).selectOption('Decrypt')
    const d = form('Run Decrypt')
    await field(d, 'CiphertextBlob').fill(enc.ciphertextBlob as string)
    await d.getByRole('button', { name: 'Run Decrypt' }).click()
    assert.equal((JSON.parse(await d.locator('.result pre').innerText()) as { Plaintext: string }).Plaintext, 'console-made key')
    if (SHOTS) {
      await go('#/keys')
      await page.getByRole('link', { name: keyId }).waitFor()
      await shot('keys')
    }
  })

  it('downloads the public key of an EC key, which verifies the key\'s signatures', async () => {
    const kms = sdk()
    const key = (await kms.createKey(new KMS.CreateKeyRequest!({ keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY' }))).keyMetadata
    const versions = await kms.listKeyVersions(new KMS.ListKeyVersionsRequest!({ keyId: key.keyId }))
    const keyVersionId = versions.keyVersions.keyVersion[0].keyVersionId as string
    const digest = createHash('sha256').update('signed by openkms').digest()
    const sig = await kms.asymmetricSign(
      new KMS.AsymmetricSignRequest!({ keyId: key.keyId, keyVersionId, algorithm: 'ECDSA_SHA_256', digest: digest.toString('base64') }),
    )
    await go(`#/keys/${key.keyId}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download public key' }).click()])
    assert.equal(download.suggestedFilename(), `publicKey_${key.keyId}_${keyVersionId}.pem`)
    const path = join(browser.downloads, download.suggestedFilename())
    await download.saveAs(path)
    const publicKey = createPublicKey(readFileSync(path, 'utf8'))
    assert.equal(publicKey.asymmetricKeyType, 'ec')
    assert.ok(verify('sha256', Buffer.from('signed by openkms'), publicKey, Buffer.from(sig.value as string, 'base64')))
  })

  it('creates a secret and reveals its value only on demand', async () => {
    await go('#/secrets')
    await page.getByRole('button', { name: 'Create secret' }).click()
    const f = form('Create secret')
    await field(f, 'SecretName').fill('console-db-password')
    await field(f, 'SecretData').fill('s3cr3t value <b>not html</b>')
    await f.getByRole('button', { name: 'Create secret' }).click()
    const link = page.getByRole('link', { name: 'console-db-password' })
    await link.waitFor()
    if (SHOTS) {
      await go('#/secrets')
      await shot('secrets')
    }
    await page.getByRole('link', { name: 'console-db-password' }).click()
    await page.getByRole('heading', { name: 'Secret console-db-password' }).waitFor()
    const reveal = page.getByRole('button', { name: 'Reveal the value of version v1' })
    await reveal.waitFor()
    assert.equal(await page.getByText('s3cr3t value').count(), 0, 'not shown before it is asked for')
    await reveal.click()
    const value = page.getByLabel('Value of version v1 (text)')
    assert.equal(await value.innerText(), 's3cr3t value <b>not html</b>')
    assert.match(await page.getByRole('table', { name: 'Secret versions' }).innerText(), /ACSCurrent/)
    await shot('secret-details')
    await page.getByRole('button', { name: 'Hide the value of version v1' }).click()
    assert.equal(await page.getByText('s3cr3t value').count(), 0)
  })

  it('creates an application access point and a client key that the instance API accepts', async () => {
    const kms = sdk()
    const key = await kms.createKey(new KMS.CreateKeyRequest!({ keySpec: 'Aliyun_AES_256' }))
    const keyId = key.keyMetadata.keyId as string

    await go('#/access')
    await page.getByRole('button', { name: 'Create policy' }).click()
    const p = form('Create policy')
    await field(p, 'Name').fill('console-policy')
    await p.getByRole('button', { name: 'Create policy' }).click()
    await page.getByRole('table', { name: 'Access policies' }).getByRole('cell', { name: 'console-policy', exact: true }).waitFor()

    await page.getByRole('button', { name: 'Create application access point' }).click()
    const a = form('Create application access point')
    await field(a, 'Name').fill('console-app')
    await field(a, 'Policies').fill('["console-policy"]')
    await a.getByRole('button', { name: 'Create application access point' }).click()
    await page.getByRole('heading', { name: 'Client keys of console-app' }).waitFor()

    await page.getByRole('button', { name: 'Create client key for console-app' }).click()
    const c = form('Create client key')
    await c.getByRole('button', { name: 'Generate' }).click()
    const password = await field(c, 'Password').inputValue()
    assert.match(password, /^[A-Za-z0-9~!@#$%^&*?_-]{24}$/)
    await c.getByRole('button', { name: 'Create client key' }).click()
    const save = async (name: RegExp) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()])
      const path = join(browser.downloads, download.suggestedFilename())
      await download.saveAs(path)
      return { path, name: download.suggestedFilename() }
    }
    const keyFile = await save(/^Download clientKey_.*\.json$/)
    const passwordFile = await save(/^Download password file$/)
    const clientKeyId = /^clientKey_(KAAP\.[^_]+)\.json$/.exec(keyFile.name)?.[1]
    assert.ok(clientKeyId, keyFile.name)
    assert.equal(passwordFile.name, `clientKey_${clientKeyId}_Password.txt`)
    assert.equal(readFileSync(passwordFile.path, 'utf8'), password)
    const json = JSON.parse(readFileSync(keyFile.path, 'utf8')) as Record<string, string>
    assert.deepEqual(Object.keys(json), ['KeyId', 'PrivateKeyData'])
    assert.equal(json.KeyId, clientKeyId)
    await page.getByRole('table', { name: 'Client keys of console-app' }).getByRole('cell', { name: clientKeyId }).waitFor()
    if (SHOTS) {
      await go('#/access')
      await page.getByRole('table', { name: 'Client keys of console-app' }).getByRole('cell', { name: clientKeyId }).waitFor()
      await shot('access')
    }

    await go('#/instance')
    const ca = await save(/^Download CA certificate$/)
    assert.equal(ca.name, `PrivateKmsCA_${app.runtime.instanceId}.pem`)
    assert.match(readFileSync(ca.path, 'utf8'), /^-----BEGIN CERTIFICATE-----/)
    await shot('instance')

    const client = new InstanceClient({
      endpoint: `localhost:${app.instancePort}`,
      clientKeyFile: keyFile.path,
      password: readFileSync(passwordFile.path, 'utf8'),
      caFilePath: ca.path,
      maxAttempts: 1,
      timeoutMs: 60_000,
    })
    try {
      const enc = await client.encrypt({ KeyId: keyId, Plaintext: Buffer.from('via the instance API') })
      const dec = await client.decrypt({ KeyId: keyId, CiphertextBlob: enc.CiphertextBlob, Iv: enc.Iv })
      assert.equal(Buffer.from(dec.Plaintext).toString(), 'via the instance API')
    } finally {
      client.close()
    }
  })

  it('shows a RAM user the refusal of an action their policy forbids', async (t) => {
    if (!ramActions().includes('CreateUser') || !ramActions().includes('AttachPolicyToUser')) {
      t.skip('the RAM actions (CreateUser, AttachPolicyToUser) are not in the action registry')
      return
    }
    await go('#/identity')
    await page.getByRole('button', { name: 'Create user' }).click()
    const u = form('Create user')
    await field(u, 'UserName').fill('console-reader')
    await u.getByRole('button', { name: 'Create user' }).click()
    await page.getByRole('button', { name: 'console-reader' }).click()
    await page.getByRole('button', { name: 'Create policy' }).click()
    const p = form('Create RAM policy')
    await field(p, 'PolicyName').fill('console-read-only')
    await field(p, 'PolicyDocument').fill(
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['kms:List*', 'kms:Describe*', 'kms:Get*'], Resource: ['*'] }] }),
    )
    await p.getByRole('button', { name: 'Create RAM policy' }).click()
    await page.getByRole('button', { name: 'Attach a policy to console-reader' }).click()
    const at = form('Attach policy')
    await field(at, 'PolicyName').fill('console-read-only')
    await at.getByRole('button', { name: 'Attach policy' }).click()
    await page.getByRole('table', { name: 'Policies attached to console-reader' }).getByRole('cell', { name: 'console-read-only' }).waitFor()
    await page.getByRole('button', { name: 'Create AccessKey' }).click()
    const secret = (await page.getByLabel('AccessKey secret').innerText()).trim()
    const id = (await page.getByRole('status').filter({ hasText: 'Its secret is shown only now' }).locator('code').innerText()).trim()
    if (SHOTS) {
      await go('#/identity')
      await page.getByRole('button', { name: 'console-reader' }).click()
      await page.getByRole('table', { name: 'AccessKeys of console-reader' }).getByRole('cell', { name: id }).waitFor()
      await shot('identity')
    }

    const reader = await browser.context.newPage()
    try {
      await reader.goto(`${app.url}/console/`)
      await reader.evaluate(() => sessionStorage.clear())
      await reader.reload()
      await reader.getByLabel('AccessKey ID').fill(id)
      await reader.getByLabel('AccessKey secret').fill(secret)
      await reader.getByRole('button', { name: 'Sign in' }).click()
      await reader.getByRole('navigation', { name: 'Main' }).waitFor()
      await reader.getByRole('button', { name: 'Create key' }).click()
      const f = reader.getByRole('form', { name: 'Create key', exact: true })
      await f.getByRole('button', { name: 'Create key' }).click()
      const alert = f.getByRole('alert')
      await alert.waitFor()
      const text = await alert.innerText()
      assert.match(text, /Refused/)
      assert.match(text, /Forbidden\.RAM/)
      assert.match(text, /HTTP 403/)
      if (SHOTS) {
        await alert.scrollIntoViewIfNeeded()
        await screenshot(reader, 'refused', false)
      }
    } finally {
      await reader.close()
    }
  })

  it('signs in with STS credentials, which can do what the role allows and no more', async (t) => {
    if (!servedActions(STS_VERSION).includes('AssumeRole') || !ramActions().includes('CreateRole')) {
      t.skip('the server has no STS (AssumeRole) and RAM (CreateRole) actions in its registry')
      return
    }
    const sts = await assumedRole(app.endpoint, TEST_AK, app.config.accountId, 'console-lister', ['kms:List*', 'kms:Describe*'])
    const tab = await browser.context.newPage()
    try {
      await tab.goto(`${app.url}/console/`)
      await tab.getByLabel('STS token').check()
      await tab.getByLabel('AccessKey ID').fill(sts.accessKeyId)
      await tab.getByLabel('AccessKey secret').fill(sts.accessKeySecret)
      await tab.getByLabel('Security token').fill(sts.securityToken as string)
      await tab.getByRole('button', { name: 'Sign in' }).click()
      await tab.getByRole('navigation', { name: 'Main' }).waitFor()
      await tab.getByRole('link', { name: /^key-/ }).first().waitFor()
      await tab.getByRole('link', { name: 'Secrets' }).click()
      await tab.getByRole('button', { name: 'Create secret' }).click()
      const f = tab.getByRole('form', { name: 'Create secret', exact: true })
      await f.getByLabel(/^SecretName( \(required\))?$/).fill('sts-made')
      await f.getByLabel(/^SecretData( \(required\))?$/).fill('x')
      await f.getByRole('button', { name: 'Create secret' }).click()
      assert.match(await f.getByRole('alert').innerText(), /Forbidden\.RAM/)
    } finally {
      await tab.close()
    }
  })

  it('labels every control and fits a 1366×768 laptop screen on every page, forms open', async () => {
    for (const hash of ['#/keys', '#/secrets', '#/access', '#/instance', '#/identity', `#/secrets/console-db-password`]) {
      await go(hash)
      await page.waitForLoadState('networkidle')
      // Open every form the page offers.
      const closed = page.locator('button[aria-expanded="false"]')
      for (let i = 0; i < 40 && (await closed.count()) > 0; i++) await closed.first().click()
      const { problems, fields } = await auditPage(page)
      assert.deepEqual(problems, [], hash)
      if (hash !== '#/instance' && (hash !== '#/identity' || ramActions().length > 0)) assert.ok(fields > 2, `${hash}: its forms opened`)
    }
  })

  it('ran without a script error or a Content-Security-Policy violation, and fetched only from its own origin', () => {
    const foreign = [...requested].filter((u) => !u.startsWith(`${app.url}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))
    assert.deepEqual(foreign, [])
    assert.ok([...requested].some((u) => /\/console\/assets\/.+\.js$/.test(u)), 'the bundle was loaded')
    assert.deepEqual(pageErrors.filter((e) => !/status of 4\d\d/.test(e)), [])
  })
})
