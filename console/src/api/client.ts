/**
 * Calls the public control-plane API from the page: same origin, JSON, each request signed with V3. Errors come
 * back as ApiError carrying Alibaba's Code and Message (e.g. 403 Forbidden.RAM), which pages show as they are.
 */
import { formBody, signRequest, type Credentials } from './sign'
import { KMS_VERSION } from './registry'

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message)
  }
}

export type Params = Record<string, string | number | boolean | undefined>
export type ApiResult = Record<string, any>

export interface ApiClient {
  readonly accessKeyId: string
  /** `version` selects the product: KMS (default) or e.g. RAM's 2015-05-01. */
  call(action: string, params?: Params, version?: string): Promise<ApiResult>
}

/** Drops unset values and turns the rest into the strings RPC parameters are. */
function wireParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = String(v)
  return out
}

export function apiClient(creds: Credentials, endpoint = '/'): ApiClient {
  return {
    accessKeyId: creds.accessKeyId,
    async call(action, params = {}, version = KMS_VERSION) {
      const body = formBody(wireParams(params))
      const { headers } = await signRequest(creds, { method: 'POST', host: location.host, action, version, body })
      let res: Response
      try {
        res = await fetch(endpoint, { method: 'POST', headers, body, credentials: 'omit', cache: 'no-store' })
      } catch (e) {
        throw new ApiError('NetworkError', `The server could not be reached (${(e as Error).message}).`, 0)
      }
      const text = await res.text()
      let json: ApiResult
      try {
        json = JSON.parse(text) as ApiResult
      } catch {
        throw new ApiError(`HTTP${res.status}`, text.slice(0, 300) || res.statusText, res.status)
      }
      if (!res.ok)
        throw new ApiError(String(json.Code ?? `HTTP${res.status}`), String(json.Message ?? res.statusText), res.status, json.RequestId)
      return json
    },
  }
}
