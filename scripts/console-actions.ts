/**
 * Writes console/src/generated/actions.json: every action of the registry with its parameters (wire name, kind,
 * required, description, allowed values, bounds, default), so the console renders its forms from the same
 * declarations the server decodes with. Run by scripts/build-console.mjs before the bundle is built.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PRODUCTS } from '../src/actions/index.js'
import type { Param } from '../src/actions/params.js'

export interface ConsoleParam {
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

export interface ConsoleAction {
  name: string
  group: string
  version: string
  description: string
  params: ConsoleParam[]
}

function describeParam(name: string, param: Param<unknown>): ConsoleParam {
  const s = param.schema as Record<string, unknown>
  const out: ConsoleParam = { name, kind: param.kind, required: param.required, description: param.description }
  if (Array.isArray(s.anyOf) && s.anyOf.every((v: { const?: unknown }) => typeof v.const === 'string'))
    out.values = s.anyOf.map((v: { const: string }) => v.const)
  // TypeBox gives a one-value union as a bare literal.
  else if (param.kind === 'enum' && typeof s.const === 'string') out.values = [s.const]
  if (param.defaultValue !== undefined) out.default = param.defaultValue
  if (typeof s.minimum === 'number') out.min = s.minimum
  if (typeof s.maximum === 'number') out.max = s.maximum
  if (typeof s.maxLength === 'number') out.maxLength = s.maxLength
  return out
}

export function consoleActions(): ConsoleAction[] {
  // KMS, RAM and STS share the endpoint; the console sends each action's version, which selects its product.
  return PRODUCTS.flatMap((product) =>
    product.groups.flatMap((group) =>
      group.actions.map((a) => ({
        name: a.name,
        group: group.name,
        version: product.version,
        description: a.description,
        params: Object.entries(a.params).map(([n, prm]) => describeParam(n, prm)),
      })),
    ),
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../console/src/generated/actions.json', import.meta.url))
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(consoleActions(), null, 1)}\n`)
}
