/**
 * Which action and API version a request names. V1 signs only parameters, so `Action`/`Version` come from the
 * parameters. V3 and V4 sign the `x-acs-action`/`x-acs-version` headers (authenticate.ts requires every `x-acs-*`
 * header to be signed), and that is where the SDKs put them: the header wins, a parameter of the same name
 * that says otherwise is refused rather than silently chosen, and the parameter serves only when the header
 * is absent (the query is signed in V3 too).
 */
import { KmsErrors } from '../domain/errors.js'

export function rpcTarget(
  params: Record<string, string>,
  headers: Record<string, string | string[] | undefined>,
): { action: string | undefined; version: string | undefined } {
  // V4 (ACS4-) signs the same headers as V3.
  const v3 = /^ACS[34]-/.test(first(headers.authorization) ?? '')
  if (!v3) return { action: params.Action, version: params.Version }
  return { action: pick('Action', params.Action, first(headers['x-acs-action'])), version: pick('Version', params.Version, first(headers['x-acs-version'])) }
}

function pick(name: 'Action' | 'Version', param: string | undefined, header: string | undefined): string | undefined {
  if (header === undefined) return param
  if (param !== undefined && param !== header)
    throw KmsErrors.invalidParameter(name, `The ${name} parameter differs from the signed x-acs-${name.toLowerCase()} header.`)
  return header
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
