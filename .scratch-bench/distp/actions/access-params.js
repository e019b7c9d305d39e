/** Parameter declarations shared by the application-access actions (src/actions/access/), so rules stay identical. */
import { p } from './params.js';
import { ACCESS_NAME, ACCESS_NAME_HINT } from '../domain/access-names.js';
/** Descriptions are free text; openkms bounds them (Alibaba documents no limit). */
export const ACCESS_DESCRIPTION_MAX = 1024;
export const accessNameParam = (what) => p.string({
    required: true,
    minLength: 1,
    maxLength: 64,
    pattern: ACCESS_NAME,
    patternHint: ACCESS_NAME_HINT,
    description: `The ${what} name: 1-64 letters, digits, _ - .`,
});
export const accessDescriptionParam = (opts = {}) => p.string({
    maxLength: ACCESS_DESCRIPTION_MAX,
    allowEmpty: opts.update === true,
    description: opts.update ? `New description (up to ${ACCESS_DESCRIPTION_MAX} characters; empty clears it).` : `Up to ${ACCESS_DESCRIPTION_MAX} characters.`,
});
/** A JSON array of strings (`["a","b"]`), as the SDKs send SourcePrivateIp, Permissions, Resources and Policies. */
export function jsonStringListParam(description, opts) {
    const schema = p.Type.Array(p.Type.String(), { maxItems: opts.maxItems });
    return p.json(schema, { required: (opts.required ?? false), maxLength: 65536, description });
}
export const accessControlRulesParam = () => p.string({
    maxLength: 8192,
    description: 'JSON object {"NetworkRules":["<network rule name>", …]} (at most 10); the policy then admits callers from those rules only.',
});
