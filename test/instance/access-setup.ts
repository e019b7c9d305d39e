/**
 * Sets up instance-API access the way a user does, through the control plane's official SDK (openapi-client,
 * V3 signatures): network rule → policy → application access point → client key. The client key's PKCS#12 is
 * opened with node-forge directly (not openkms' loader) for the raw, independently signed calls.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import forge from 'node-forge'
import { callV3, type Endpoint } from '../support/sdk.js'
import type { TestApp } from '../support/test-app.js'
import { InstanceClient, type InstanceClientConfig } from '../../src/instance-client/index.js'
import { independentlySignedRequest } from './independent-signer.js'

export const KEY_USER = 'RbacPermission/Template/CryptoServiceKeyUser'
export const SECRET_USER = 'RbacPermission/Template/CryptoServiceSecretUser'
export const PASSWORD = 'Instance-test_2026'

export interface Access {
  clientKeyId: string
  /** The downloaded `clientKey_<id>.json`. */
  clientKeyFile: string
  /** PKCS#8 PEM of the client key, opened with node-forge. */
  keyPem: string
  aapName: string
  policyName: string
}

let seq = 0
const tmp = mkdtempSync(join(tmpdir(), 'openkms-instance-keys-'))

/** A policy (with optional network rules), an AAP holding it, and a client key of that AAP. */
export async function grantAccess(
  ep: Endpoint,
  opts: { permissions: string[]; resources: string[]; sourceIps?: string[]; notBefore?: string; notAfter?: string; kmsInstance?: string },
): Promise<Access> {
  const n = ++seq
  const policyName = `policy-${n}`
  const aapName = `aap-${n}`
  const rules: string[] = []
  if (opts.sourceIps) {
    await callV3(ep, 'CreateNetworkRule', { Name: `rule-${n}`, Type: 'Private', SourcePrivateIp: JSON.stringify(opts.sourceIps) })
    rules.push(`rule-${n}`)
  }
  await callV3(ep, 'CreatePolicy', {
    Name: policyName,
    Permissions: JSON.stringify(opts.permissions),
    Resources: JSON.stringify(opts.resources),
    ...(opts.kmsInstance ? { KmsInstance: opts.kmsInstance } : {}),
    ...(rules.length ? { AccessControlRules: JSON.stringify({ NetworkRules: rules }) } : {}),
  })
  await callV3(ep, 'CreateApplicationAccessPoint', { Name: aapName, Policies: JSON.stringify([policyName]), AuthenticationMethod: 'ClientKey' })
  const validity: Record<string, string> = opts.notBefore ? { NotBefore: opts.notBefore, NotAfter: opts.notAfter as string } : {}
  const created = (await callV3(ep, 'CreateClientKey', { AapName: aapName, Password: PASSWORD, ...validity })).body as Record<string, string>
  const clientKeyId = created.ClientKeyId as string
  const clientKeyFile = join(tmp, `clientKey_${clientKeyId}.json`)
  writeFileSync(clientKeyFile, JSON.stringify({ KeyId: clientKeyId, PrivateKeyData: created.PrivateKeyData }))
  return { clientKeyId, clientKeyFile, keyPem: forgeKeyPem(created.PrivateKeyData as string), aapName, policyName }
}

function forgeKeyPem(pkcs12Base64: string): string {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(pkcs12Base64, 'base64').toString('binary')), PASSWORD)
  const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]
  if (!bag?.key) throw new Error('no key in the client key PKCS#12')
  return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)))
}

/** The CA file openkms wrote at init. */
export function caFileOf(app: TestApp): string {
  return join(app.dataDir, `PrivateKmsCA_${app.runtime.instanceId}.pem`)
}

/** openkms' own client, as an application would configure it: the client key file, its password and the CA file. */
export function instanceClient(app: TestApp, access: Access, extra: Partial<InstanceClientConfig> = {}): InstanceClient {
  return new InstanceClient({
    endpoint: `localhost:${app.instancePort}`,
    clientKeyFile: access.clientKeyFile,
    password: PASSWORD,
    caFilePath: caFileOf(app),
    maxAttempts: 1,
    // The test machine is small and shared: a generous limit keeps a busy moment from failing a test.
    timeoutMs: 60_000,
    ...extra,
  })
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/**
 * One call signed by the independent signer (test/instance/independent-signer.ts), sent over HTTPS trusting the
 * CA file. `edit` may change the signed request before it is sent (tampering tests); `localAddress` picks the
 * source address on the loopback network.
 */
export async function rawCall(
  app: TestApp,
  access: Pick<Access, 'clientKeyId' | 'keyPem'>,
  apiName: string,
  body: Buffer,
  opts: {
    date?: string
    extraHeaders?: Record<string, string>
    edit?: (r: { headers: Record<string, string | undefined>; body: Buffer }) => void
    localAddress?: string
    method?: string
    path?: string
  } = {},
): Promise<RawResponse> {
  const signed = independentlySignedRequest({ keyPem: access.keyPem, keyId: access.clientKeyId, apiName, body, date: opts.date ?? new Date().toUTCString() })
  const req = { headers: { ...signed.headers, host: `localhost:${app.instancePort}`, ...opts.extraHeaders }, body: signed.body }
  opts.edit?.(req)
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined)) as Record<string, string>
  return sendRaw(app, { method: opts.method ?? 'POST', path: opts.path ?? '/', headers, body: req.body, localAddress: opts.localAddress })
}

export function sendRaw(
  app: TestApp,
  r: { method: string; path: string; headers: Record<string, string>; body: Buffer; localAddress?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: '127.0.0.1',
        servername: 'localhost',
        port: app.instancePort,
        method: r.method,
        path: r.path,
        headers: r.headers,
        ca: readCa(app),
        localAddress: r.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(r.body)
  })
}

const caCache = new Map<string, string>()
function readCa(app: TestApp): string {
  const file = caFileOf(app)
  const ca = caCache.get(file) ?? readFileSync(file, 'utf8')
  caCache.set(file, ca)
  return ca
}
