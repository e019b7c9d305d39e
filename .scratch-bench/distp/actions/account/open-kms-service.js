import { defineAction } from '../define-action.js';
export const OpenKmsService = defineAction({
    name: 'OpenKmsService',
    description: 'Activates KMS for the account; a self-hosted openkms is always active, so this succeeds and changes nothing.',
    params: {},
    errors: [],
    async handle() {
        return {};
    },
});
