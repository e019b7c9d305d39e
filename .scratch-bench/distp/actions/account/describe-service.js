import { defineAction } from '../define-action.js';
import { serviceDescription } from '../../domain/service-description.js';
export const DescribeService = defineAction({
    name: 'DescribeService',
    description: 'Lists the protection levels and key specs (with their protection levels and usages) this openkms offers (kms 1.x).',
    params: {},
    errors: [],
    async handle() {
        return serviceDescription();
    },
});
