/** The action registry as the build described it (scripts/console-actions.ts → generated/actions.json). */
import actions from '../generated/actions.json'
import type { ActionInfo } from './types'

export type { ActionInfo, ParamInfo } from './types'

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
