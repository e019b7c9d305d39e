/**
 * The key state × operation matrix (spec §4.2, Alibaba's "Impact of CMK status on API operations").
 * Every refusal is a 409: either `Rejected.<State>` or `Rejected.StateModifiedFailed`.
 */
import { KmsErrors } from './errors.js';
const MATRIX = {
    crypto: { Enabled: 'ok', Disabled: 'state', PendingDeletion: 'state', PendingImport: 'state' },
    createVersion: { Enabled: 'ok', Disabled: 'state', PendingDeletion: 'state', PendingImport: 'state' },
    read: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' },
    modifyMetadata: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'state', PendingImport: 'ok' },
    enableDisable: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'modifyFailed' },
    scheduleDeletion: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
    cancelDeletion: { Enabled: 'modifyFailed', Disabled: 'modifyFailed', PendingDeletion: 'ok', PendingImport: 'modifyFailed' },
    createAlias: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
    updateAliasTarget: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'state', PendingImport: 'ok' },
    importMaterial: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
    setDeletionProtection: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
};
/** The refusal for `op` on a key in `state`, or undefined when allowed. */
export function stateRefusal(op, state) {
    const rule = MATRIX[op][state];
    if (rule === 'ok')
        return undefined;
    if (rule === 'state')
        return KmsErrors.keyState(state);
    return KmsErrors.stateModifiedFailed(`The key state is ${state}.`);
}
export function requireState(op, state) {
    const refusal = stateRefusal(op, state);
    if (refusal)
        throw refusal;
}
