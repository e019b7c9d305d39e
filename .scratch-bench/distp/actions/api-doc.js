/** Renders docs/api.md from the registry, so the reference can never drift from what the server does. */
import { ACTION_GROUPS } from './index.js';
import { ERROR_CATALOG } from '../domain/errors.js';
export function renderApiDoc() {
    const out = [
        '# openkms API reference (KMS OpenAPI 2016-01-20)',
        '',
        '<!-- Generated from src/actions by `npm run docs`; do not edit by hand. -->',
        '',
        'Every action is called as `Action=<Name>` on `/` with signature V1 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256).',
        'All parameter values are strings on the wire; the types below are what the value must decode to.',
        'Errors common to every action (signature, AccessKey, version, throttling, internal) are listed at the end.',
        '',
    ];
    for (const [group, actions] of ACTION_GROUPS) {
        out.push(`## ${group}`, '');
        for (const a of actions) {
            out.push(`### ${a.name}`, '', a.description, '');
            const params = Object.entries(a.params);
            if (params.length === 0)
                out.push('No parameters.', '');
            else {
                out.push('| Parameter | Type | Required | Default | Description |', '|---|---|---|---|---|');
                for (const [name, p] of params)
                    out.push(`| ${name} | ${describeType(p)} | ${p.required ? 'yes' : 'no'} | ${fmtDefault(p)} | ${escape(p.description)} |`);
                out.push('');
            }
            if (a.errors.length > 0)
                out.push(`Errors: ${a.errors.map((c) => `\`${c}\` (${ERROR_CATALOG[c].status})`).join(', ')}`, '');
        }
    }
    out.push('## Common errors', '', '| Code | HTTP status | Meaning |', '|---|---|---|');
    for (const [code, def] of Object.entries(ERROR_CATALOG))
        out.push(`| ${code} | ${def.status} | ${escape(def.message)} |`);
    return `${out.join('\n')}\n`;
}
function describeType(p) {
    const s = p.schema;
    const limits = [];
    if (s.minLength !== undefined || s.maxLength !== undefined)
        limits.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`);
    if (s.minimum !== undefined || s.maximum !== undefined)
        limits.push(`${s.minimum ?? '−∞'}–${s.maximum ?? '∞'}`);
    if (Array.isArray(s.anyOf))
        limits.push(s.anyOf.map((v) => `\`${v.const}\``).join(' \\| '));
    return limits.length ? `${p.kind} (${limits.join('; ')})` : p.kind;
}
function fmtDefault(p) {
    return p.defaultValue === undefined ? '' : `\`${String(p.defaultValue)}\``;
}
function escape(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
