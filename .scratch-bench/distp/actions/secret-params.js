/** Parameter declarations shared by the Secrets Manager actions (spec/kms-openapi.md §5, §6.8). */
import { p } from './params.js';
import { KmsErrors } from '../domain/errors.js';
import { SECRET_DATA_TYPES, validateStageName, ACS_PREVIOUS } from '../domain/secret-rules.js';
export const secretNameParam = () => p.string({ required: true, maxLength: 300, description: 'The secret name, or its ARN (acs:kms:<region>:<account>:secret/<name>).' });
export const versionIdParam = (description) => p.string({ required: true, maxLength: 64, description });
export const optionalVersionIdParam = (description) => p.string({ maxLength: 64, description });
export const secretDataParam = () => p.string({ required: true, description: 'The secret value, at most 30720 bytes; base64 when SecretDataType is binary.' });
export const secretDataTypeParam = () => p.oneOf(SECRET_DATA_TYPES, { default: 'text', description: 'text (default) or binary (SecretData is base64).' });
export const fetchTagsParam = () => p.boolean({ default: false, description: 'true to return the secret tags.' });
/** PutSecretValue `VersionStages`: a JSON list of labels for the new version; ACSPrevious is assigned by the service. */
export const versionStagesParam = () => {
    const inner = p.json(p.Type.Array(p.Type.String(), { minItems: 1, maxItems: 10 }), {
        maxLength: 1024,
        description: 'JSON list of stage labels for the new version, e.g. ["ACSCurrent"] (default) or ["MyLabel"].',
    });
    return {
        ...inner,
        decode(raw, name) {
            const stages = inner.decode(raw, name);
            if (stages === undefined)
                return undefined;
            for (const s of stages)
                validateStageName(s, name);
            if (stages.includes(ACS_PREVIOUS))
                throw KmsErrors.invalidParameter(name, 'ACSPrevious is assigned when ACSCurrent moves; it cannot be given.');
            if (new Set(stages).size !== stages.length)
                throw KmsErrors.invalidParameter(name, 'A stage is listed twice.');
            return stages;
        },
    };
};
const CUSTOM_DATA = 'ExtendedConfig.CustomData';
/**
 * UpdateSecret `ExtendedConfig.CustomData`: JSON text (`ExtendedConfig.CustomData={"k":"v"}`, as the 1.x/2.x
 * SDKs and the CLI send it) or flattened map entries (`ExtendedConfig.CustomData.k=v`, as the 3.x SDK's query
 * flattening of a map produces). Either form gives the same object.
 */
export function customDataParam() {
    return {
        kind: 'json',
        schema: p.Type.Record(p.Type.String(), p.Type.Unknown()),
        required: false,
        description: 'Sent as ExtendedConfig.CustomData: JSON object of custom data (managed secrets only).',
        decode(raw) {
            const text = raw[CUSTOM_DATA];
            const flat = Object.entries(raw).filter(([k]) => k.startsWith(`${CUSTOM_DATA}.`));
            if (text !== undefined && text !== '' && flat.length > 0)
                throw KmsErrors.invalidParameter(CUSTOM_DATA, 'Give CustomData either as JSON or as flattened fields, not both.');
            if (flat.length > 0)
                return Object.fromEntries(flat.map(([k, v]) => [k.slice(CUSTOM_DATA.length + 1), v]));
            if (text === undefined || text === '')
                return undefined;
            if (text.length > 1024)
                throw KmsErrors.invalidParameter(CUSTOM_DATA, 'It must be at most 1024 characters long.');
            let parsed;
            try {
                parsed = JSON.parse(text);
            }
            catch {
                throw KmsErrors.invalidParameter(CUSTOM_DATA, 'It must be valid JSON.');
            }
            if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
                throw KmsErrors.invalidParameter(CUSTOM_DATA, 'It must be a JSON object.');
            return parsed;
        },
    };
}
