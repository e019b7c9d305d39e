/**
 * DescribeService (kms 1.x): the protection levels and key specs this openkms offers, derived from the key-spec
 * tables so it cannot drift from what CreateKey accepts. Only SOFTWARE is listed: CreateKey refuses HSM.
 */
import { KEY_SPECS, USAGES_BY_SPEC } from './key-spec.js';
/** The protection levels CreateKey accepts here (HSM is `Unsupported.ProtectionLevel`). */
export const OFFERED_PROTECTION_LEVELS = ['SOFTWARE'];
/** The response body, in the legacy shape of kms 1.x (`ProtectionLevels.ProtectionLevel[]`, `KeySpecs.KeySpec[]`). */
export function serviceDescription() {
    return {
        ProtectionLevels: { ProtectionLevel: OFFERED_PROTECTION_LEVELS.map((type) => ({ Type: type })) },
        KeySpecs: {
            KeySpec: KEY_SPECS.map((spec) => ({
                Name: spec,
                SupportedProtectionLevels: { SupportedProtectionLevel: [...OFFERED_PROTECTION_LEVELS] },
                Usages: { Usage: [...USAGES_BY_SPEC[spec]] },
            })),
        },
    };
}
