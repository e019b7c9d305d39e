/** The action registry as the build described it (scripts/console-actions.ts → generated/actions.json). */
import actions from '../generated/actions.json'

export interface ParamInfo {
  name: string
  kind: string
  required: boolean
  description: string
  values?: string[]
  default?: unknown
  min?: number
  max?: number
  maxLength?: number
}

export interface ActionInfo {
  name: string
  group: string
  version: string
  description: string
  params: ParamInfo[]
}

export const ACTIONS = actions as ActionInfo[]
export const KMS_VERSION = '2016-01-20'
/** RAM's API version: its actions share some names with KMS's (CreatePolicy, ListPolicies…), the version tells them apart. */
export const RAM_VERSION = '2015-05-01'
const BY_NAME = new Map(ACTIONS.map((a) => [`${a.version} ${a.name}`, a]))

export function actionInfo(name: string, version = KMS_VERSION): ActionInfo | undefined {
  return BY_NAME.get(`${version} ${name}`)
}

export function hasAction(name: string, version = KMS_VERSION): boolean {
  return BY_NAME.has(`${version} ${name}`)
}

/** The allowed values of an enum parameter (e.g. CreateKey's KeySpec), for filters and pickers. */
export function paramValues(action: string, param: string): string[] {
  return BY_NAME.get(action)?.params.find((p) => p.name === param)?.values ?? []
}
