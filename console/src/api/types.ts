/** An action and its parameters as scripts/console-actions.ts describes them from the registry. */
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
