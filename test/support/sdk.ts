/**
 * The three official Alibaba SDKs, pointed at a test server. They are the judges of wire compatibility:
 * - kms20160120 1.2.0 (V1 HMAC-SHA1, POST, all params in the query; errors carry `<Code>Error`)
 * - openapi-client 0.4.15 `callApi` (V3 ACS3-HMAC-SHA256 by default, as the current generated SDKs do)
 * - pop-core 1.8.0 RPCClient (V1, GET with a query or POST with a form body)
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const KmsSdk = require('@alicloud/kms20160120')
const OpenApi = require('@alicloud/openapi-client')
const TeaUtil = require('@alicloud/tea-util')
const PopCore = require('@alicloud/pop-core')
const OpenApiCore = require('@alicloud/openapi-core')
const GatewayPop = require('@alicloud/gateway-pop').default
const Dara = require('@darabonba/typescript')

export interface Endpoint {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}

/** The typed kms20160120 1.2.0 client and its request models (`KMS.CreateKeyRequest`, …). */
export const KMS = KmsSdk as Record<string, new (map?: Record<string, unknown>) => unknown>

// The typed client's methods are generated per action; tests call them by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kmsClient(e: Endpoint): any {
  const Client = KmsSdk.default
  return new Client({
    endpoint: e.endpoint,
    protocol: 'http',
    accessKeyId: e.accessKeyId,
    accessKeySecret: e.accessKeySecret,
    type: 'access_key',
    readTimeout: 30000,
    // httpx otherwise idles out after 3 s, less than key generation can take on a loaded test machine.
    connectTimeout: 30000,
  })
}

/** `callApi` exactly as the generated 2.x/3.x KMS clients build it (params in the query, empty body). */
export async function callV3(
  e: Endpoint,
  action: string,
  query: Record<string, string>,
  opts: { method?: 'GET' | 'POST'; body?: Record<string, string>; signatureAlgorithm?: 'v2' } = {},
): Promise<{ statusCode: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  const client = new OpenApi.default(
    new OpenApi.Config({
      endpoint: e.endpoint,
      protocol: 'http',
      accessKeyId: e.accessKeyId,
      accessKeySecret: e.accessKeySecret,
      ...(opts.signatureAlgorithm ? { signatureAlgorithm: opts.signatureAlgorithm } : {}),
    }),
  )
  const params = new OpenApi.Params({
    action,
    version: '2016-01-20',
    protocol: 'HTTP',
    pathname: '/',
    method: opts.method ?? 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  })
  const request = new OpenApi.OpenApiRequest({ query, ...(opts.body ? { body: opts.body } : {}) })
  // A generous read timeout: the test machine is small and shared; production latency is measured by `npm run bench`.
  return client.callApi(params, request, new TeaUtil.RuntimeOptions({ readTimeout: 30000, connectTimeout: 30000 }))
}

/**
 * The newest generation (openapi-core, as kms20160120 3.x uses it) with `signatureVersion: 'v4'`: the request
 * goes through the gateway-pop signer (ACS4). The generated client sets `_spi` and `_productId` itself.
 */
export async function callV4(
  e: Endpoint,
  action: string,
  query: Record<string, string>,
  opts: { method?: 'GET' | 'POST'; body?: Record<string, string>; algorithm?: 'ACS4-HMAC-SHA256' | 'ACS4-HMAC-SM3'; securityToken?: string } = {},
): Promise<{ statusCode: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  const client = new OpenApiCore.default(
    new OpenApiCore.$OpenApiUtil.Config({
      endpoint: e.endpoint,
      protocol: 'http',
      accessKeyId: e.accessKeyId,
      accessKeySecret: e.accessKeySecret,
      signatureVersion: 'v4',
      ...(opts.algorithm ? { signatureAlgorithm: opts.algorithm } : {}),
      ...(opts.securityToken ? { securityToken: opts.securityToken } : {}),
    }),
  )
  client._spi = new GatewayPop()
  client._productId = 'Kms'
  const params = new OpenApiCore.$OpenApiUtil.Params({
    action,
    version: '2016-01-20',
    protocol: 'HTTP',
    pathname: '/',
    method: opts.method ?? 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  })
  const request = new OpenApiCore.$OpenApiUtil.OpenApiRequest({ query, ...(opts.body ? { body: opts.body } : {}) })
  return client.callApi(params, request, new Dara.RuntimeOptions({ readTimeout: 30000, connectTimeout: 30000 }))
}

export async function callPop(
  e: Endpoint,
  action: string,
  params: Record<string, unknown>,
  method: 'GET' | 'POST' = 'POST',
): Promise<Record<string, unknown>> {
  const client = new PopCore.RPCClient({
    accessKeyId: e.accessKeyId,
    accessKeySecret: e.accessKeySecret,
    endpoint: `http://${e.endpoint}`,
    apiVersion: '2016-01-20',
  })
  return client.request(action, params, { method, timeout: 30000 })
}

export interface SdkFailure {
  code: string
  status?: number
  message: string
}

/**
 * Awaits a call that must fail and reads the error the way each SDK surfaces it. All three keep the response
 * body in `err.data`, whose `Code` is Alibaba's code (kms20160120 1.x also appends "Error" to `err.code`);
 * the status is `statusCode` (openapi-client), `entry.response.statusCode` (pop-core) or `code: <status>` in the
 * message (rpc-client).
 */
export async function failure(p: Promise<unknown>): Promise<SdkFailure> {
  try {
    await p
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; data?: { Code?: string; statusCode?: number }; entry?: { response?: { statusCode?: number } }; message: string }
    const status = err.statusCode ?? err.data?.statusCode ?? err.entry?.response?.statusCode ?? Number(/code: (\d{3})/.exec(err.message)?.[1] ?? NaN)
    return { code: err.data?.Code ?? err.code ?? '', status: Number.isNaN(status) ? undefined : status, message: err.message }
  }
  throw new Error('expected the call to fail, but it succeeded')
}
