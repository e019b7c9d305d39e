/** Renders docs/api.md from the registry, so the reference can never drift from what the server does. */
import { KMS, RAM, STS, type Product } from './index.js'
import { ERROR_CATALOG } from '../domain/errors.js'
import type { Param } from './params.js'

/** docs/api.md: the KMS product. */
export function renderApiDoc(): string {
  const out: string[] = [
    '# openkms API reference (KMS OpenAPI 2016-01-20)',
    '',
    '<!-- Generated from src/actions by `npm run docs`; do not edit by hand. -->',
    '',
    'Every action is called as `Action=<Name>` on `/` with signature V1 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256).',
    'All parameter values are strings on the wire; the types below are what the value must decode to.',
    'Errors common to every action (signature, AccessKey, version, throttling, internal) are listed at the end.',
    'RAM (2015-05-01) and STS (2015-04-01), served on the same endpoint, are in [api-identity.md](api-identity.md).',
    '',
  ]
  renderProduct(out, KMS, 2)
  out.push('## Common errors', '', '| Code | HTTP status | Meaning |', '|---|---|---|')
  for (const [code, def] of Object.entries(ERROR_CATALOG)) out.push(`| ${code} | ${def.status} | ${escape(def.message)} |`)
  return `${out.join('\n')}\n`
}

/** docs/api-identity.md: RAM and STS, served on the control-plane endpoint beside KMS. */
export function renderIdentityApiDoc(): string {
  const out: string[] = [
    '# openkms API reference: RAM (2015-05-01) and STS (2015-04-01)',
    '',
    '<!-- Generated from src/actions by `npm run docs`; do not edit by hand. -->',
    '',
    'Served on the same endpoint and with the same signatures as KMS ([api.md](api.md)); the `Version` parameter',
    '(V3: `x-acs-version`) selects the product. Errors common to every action are listed at the end of api.md.',
    'The model, the policies and the decisions are explained in [identity.md](identity.md).',
    '',
  ]
  for (const product of [RAM, STS]) {
    out.push(`## ${product.title}, Version ${product.version}`, '')
    renderProduct(out, product, 3)
  }
  return `${out.join('\n')}\n`
}

function renderProduct(out: string[], product: Product, depth: number): void {
  const h = '#'.repeat(depth)
  for (const { name: group, actions } of product.groups) {
    if (product.groups.length > 1) out.push(`${h} ${group}`, '')
    for (const a of actions) {
      out.push(`${h}${product.groups.length > 1 ? '#' : ''} ${a.name}`, '', a.description, '')
      const params = Object.entries(a.params)
      if (params.length === 0) out.push('No parameters.', '')
      else {
        out.push('| Parameter | Type | Required | Default | Description |', '|---|---|---|---|---|')
        for (const [name, p] of params) out.push(`| ${name} | ${describeType(p)} | ${p.required ? 'yes' : 'no'} | ${fmtDefault(p)} | ${escape(p.description)} |`)
        out.push('')
      }
      if (a.errors.length > 0)
        out.push(`Errors: ${a.errors.map((c) => `\`${c}\` (${ERROR_CATALOG[c].status})`).join(', ')}`, '')
    }
  }
}

function describeType(p: Param<unknown>): string {
  const s = p.schema as Record<string, unknown>
  const limits: string[] = []
  if (s.minLength !== undefined || s.maxLength !== undefined) limits.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`)
  if (s.minimum !== undefined || s.maximum !== undefined) limits.push(`${s.minimum ?? '−∞'}–${s.maximum ?? '∞'}`)
  if (Array.isArray(s.anyOf)) limits.push((s.anyOf as Array<{ const: string }>).map((v) => `\`${v.const}\``).join(' \\| '))
  return limits.length ? `${p.kind} (${limits.join('; ')})` : p.kind
}

function fmtDefault(p: Param<unknown>): string {
  return p.defaultValue === undefined ? '' : `\`${String(p.defaultValue)}\``
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
