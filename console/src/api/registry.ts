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
const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]))

export function actionInfo(name: string): ActionInfo | undefined {
  return BY_NAME.get(name)
}

export function hasAction(name: string): boolean {
  return BY_NAME.has(name)
}

/** The allowed values of an enum parameter (e.g. CreateKey's KeySpec), for filters and pickers. */
export function paramValues(action: string, param: string): string[] {
  return BY_NAME.get(action)?.params.find((p) => p.name === param)?.values ?? []
}
