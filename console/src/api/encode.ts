/** Form values → the RPC parameters of an action, in the wire shapes the server decodes (spec §2.7). */
import type { ParamInfo } from './types.js'

export type Values = Record<string, string | boolean>

/** Form values → RPC parameters, with the wire shapes of lists (`Name.N`) and object lists (`Name.N.Field`). */
export function encodeValues(params: ParamInfo[], values: Values): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of params) {
    const v = values[p.name]
    if (v === undefined) continue
    if (p.kind === 'boolean') {
      if (p.required || v !== (p.default === true)) out[p.name] = String(v)
      continue
    }
    const text = String(v)
    if (text.trim() === '') continue
    if (p.kind === 'list') {
      text
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .forEach((item, i) => (out[`${p.name}.${i + 1}`] = item))
    } else if (p.kind === 'objectList') {
      let list: Array<Record<string, string>>
      try {
        list = JSON.parse(text) as Array<Record<string, string>>
        if (!Array.isArray(list)) throw new Error()
      } catch {
        throw new Error(`${p.name}: give a JSON array of objects, e.g. [{"Key":"k","Value":"v"}].`)
      }
      list.forEach((o, i) => Object.entries(o).forEach(([k, val]) => (out[`${p.name}.${i + 1}.${k}`] = String(val))))
    } else out[p.name] = text
  }
  return out
}

