/**
 * The instance API scenarios (spec/kms-instance-api.md): Encrypt, Sign, GetSecretValue over HTTPS with
 * protobuf bodies, each request signed with the client key (RSA PKCS#1 v1.5). The instance API has no
 * nonce, so a pool of requests signed up front is replayed for the whole run (their Date stays within the
 * 15-minute window); the load generator then does no RSA work per request.
 */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto'
import { request } from 'node:https'
import forge from 'node-forge'
import { encodeMessage } from '../src/instance-wire/proto.js'
import { signedRequestHeaders } from '../src/instance-client/request-signer.js'
import type { ServerProcess } from '../test/support/server-process.js'
import { callOk, type Credentials, type SignedRequest } from '../test/support/signed-request.js'
import { has, type BenchFixtures } from './fixtures.js'

const PASSWORD = 'Bench-pass_2026'
const POOL = 256

/** Client key of a new AAP allowed to use every key, opened with node-forge. */
async function clientKey(server: ServerProcess, creds: Credentials): Promise<{ clientKeyId: string; pem: string }> {
  await callOk(server.host, creds, 'CreatePolicy', {
    Name: 'bench',
    Permissions: JSON.stringify(['RbacPermission/Template/CryptoServiceKeyUser', 'RbacPermission/Template/CryptoServiceSecretUser']),
    Resources: JSON.stringify(['key/*', 'secret/*']),
  })
  await callOk(server.host, creds, 'CreateApplicationAccessPoint', { Name: 'bench', Policies: JSON.stringify(['bench']) })
  const ck = await callOk(server.host, creds, 'CreateClientKey', { AapName: 'bench', Password: PASSWORD })
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(ck.PrivateKeyData as string, 'base64').toString('binary')), PASSWORD)
  const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]
  if (!bag?.key) throw new Error('no private key in the client key PKCS#12')
  return { clientKeyId: ck.ClientKeyId as string, pem: forge.pki.privateKeyToPem(bag.key as forge.pki.rsa.PrivateKey) }
}

export interface InstanceClient {
  host: string
  clientKeyId: string
  privateKey: KeyObject
}

/** A client key allowed to use every key and secret, or why the scenario cannot run on this build. */
export async function instanceClient(server: ServerProcess, creds: Credentials): Promise<InstanceClient | string> {
  if (!server.instanceHost) return 'the server announced no instance API endpoint'
  if (!has('CreatePolicy', 'CreateApplicationAccessPoint', 'CreateClientKey')) return 'application access actions not registered'
  const key = await clientKey(server, creds)
  return { host: server.instanceHost, clientKeyId: key.clientKeyId, privateKey: createPrivateKey(key.pem) }
}

/** The instance APIs the bench drives, each with its request message built from the fixtures. */
export const INSTANCE_CALLS = {
  'instance-encrypt': {
    api: 'Encrypt',
    label: 'Encrypt 32 B, instance API (HTTPS, protobuf, RSA-signed)',
    message: (fx: BenchFixtures) => encodeMessage('EncryptRequest', { KeyId: fx.aesKeyId, Plaintext: randomBytes(32) }),
  },
  'instance-sign': {
    api: 'Sign',
    label: 'Sign RSA_2048 (RSA_PSS_SHA_256 digest), instance API',
    message: (fx: BenchFixtures) =>
      fx.signKeys.RSA_2048
        ? encodeMessage('SignRequest', { KeyId: fx.signKeys.RSA_2048.keyId, Digest: Buffer.from(fx.digest, 'base64'), Algorithm: 'RSA_PSS_SHA_256', MessageType: 'DIGEST' })
        : undefined,
  },
  'instance-get-secret-value': {
    api: 'GetSecretValue',
    label: 'GetSecretValue (32 B secret), instance API',
    message: (fx: BenchFixtures) => (fx.secretName ? encodeMessage('GetSecretValueRequest', { SecretName: fx.secretName }) : undefined),
  },
} as const

export type InstanceScenarioId = keyof typeof INSTANCE_CALLS

/**
 * A pool of requests signed up front for one instance API, checked with a first call, or why it cannot run.
 * `next` cycles through the pool (the instance API has no nonce; the Date stays within its window).
 */
export async function instanceRequests(client: InstanceClient, id: InstanceScenarioId, fx: BenchFixtures): Promise<{ next: () => SignedRequest } | string> {
  const call = INSTANCE_CALLS[id]
  const body = call.message(fx)
  if (!body) return `no fixture for ${call.api}`
  const pool: SignedRequest[] = []
  for (let i = 0; i < POOL; i++) {
    const headers = signedRequestHeaders({ apiName: call.api, body, clientKeyId: client.clientKeyId, privateKey: client.privateKey, host: client.host, now: Date.now(), userAgent: 'openkms-bench' })
    pool.push({ method: 'POST', path: '/', headers, body })
  }
  const probe = await sendTls(client.host, pool[0] as SignedRequest)
  if (probe.status !== 200) return `instance ${call.api} answered HTTP ${probe.status}: ${probe.body.toString('latin1').slice(0, 120)}`
  let i = 0
  return { next: () => pool[i++ % POOL] as SignedRequest }
}

function sendTls(host: string, req: SignedRequest): Promise<{ status: number; body: Buffer }> {
  const [hostname, port] = [host.slice(0, host.lastIndexOf(':')), Number(host.slice(host.lastIndexOf(':') + 1))]
  return new Promise((resolve, reject) => {
    // The server certificate comes from the instance's private CA; on 127.0.0.1 the bench does not check it.
    const r = request({ hostname, port, method: req.method, path: req.path, headers: req.headers, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
    })
    r.on('error', reject)
    r.end(req.body)
  })
}
