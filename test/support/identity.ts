/**
 * RAM and STS through their official SDKs (ram20150501 1.2, sts20150401 1.2, both on openapi-core: signature V3,
 * `x-acs-security-token` for STS credentials), and the KMS SDK with STS credentials, pointed at a test server.
 */
import { createRequire } from 'node:module'
import { KMS } from './sdk.js'

const require = createRequire(import.meta.url)
const RamSdk = require('@alicloud/ram20150501')
const StsSdk = require('@alicloud/sts20150401')
const OpenApiCore = require('@alicloud/openapi-core')
const KmsSdk = require('@alicloud/kms20160120')

export const RAM_VERSION = '2015-05-01'
export const STS_VERSION = '2015-04-01'

export interface Creds {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

/** Request models: `RAM.CreateUserRequest`, `STS.AssumeRoleRequest`, … */
export const RAM = RamSdk as Record<string, new (map?: Record<string, unknown>) => unknown>
export const STS = StsSdk as Record<string, new (map?: Record<string, unknown>) => unknown>
export { KMS }

function config(endpoint: string, c: Creds) {
  return new OpenApiCore.$OpenApiUtil.Config({
    endpoint,
    protocol: 'http',
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
    readTimeout: 30000,
    connectTimeout: 30000,
  })
}

// The generated clients' methods are per action; tests call them by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ramClient = (endpoint: string, c: Creds): any => new RamSdk.default(config(endpoint, c))
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stsClient = (endpoint: string, c: Creds): any => new StsSdk.default(config(endpoint, c))

/** The kms20160120 client (V1 signatures), with STS credentials when `c` has a token. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kmsAs(endpoint: string, c: Creds): any {
  return new KmsSdk.default({
    endpoint,
    protocol: 'http',
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken, type: 'sts' } : { type: 'access_key' }),
    readTimeout: 30000,
    connectTimeout: 30000,
  })
}

export const doc = (...statements: object[]) => JSON.stringify({ Version: '1', Statement: statements })

/** Creates a RAM user with custom policies (documents) and system policies (names); returns its AccessKey. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function userWith(ram: any, userName: string, documents: string[] = [], systemPolicies: string[] = []): Promise<Creds> {
  await ram.createUser(new RAM.CreateUserRequest({ userName }))
  for (const [i, document] of documents.entries()) {
    const policyName = `${userName}-p${i}`
    await ram.createPolicy(new RAM.CreatePolicyRequest({ policyName, policyDocument: document }))
    await ram.attachPolicyToUser(new RAM.AttachPolicyToUserRequest({ policyType: 'Custom', policyName, userName }))
  }
  for (const policyName of systemPolicies)
    await ram.attachPolicyToUser(new RAM.AttachPolicyToUserRequest({ policyType: 'System', policyName, userName }))
  const { body } = await ram.createAccessKey(new RAM.CreateAccessKeyRequest({ userName }))
  return { accessKeyId: body.accessKey.accessKeyId, accessKeySecret: body.accessKey.accessKeySecret }
}
