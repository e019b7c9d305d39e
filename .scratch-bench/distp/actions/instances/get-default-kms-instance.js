import { defineAction } from '../define-action.js';
export const GetDefaultKmsInstance = defineAction({
    name: 'GetDefaultKmsInstance',
    description: 'Returns the id of the default KMS instance: this openkms instance.',
    params: {},
    errors: [],
    async handle(_q, ctx) {
        return { DefaultKmsInstanceId: ctx.instanceId };
    },
});
