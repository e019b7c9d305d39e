import { defineAction } from '../define-action.js';
export const DescribeAccountKmsStatus = defineAction({
    name: 'DescribeAccountKmsStatus',
    description: 'Reports the account status; a self-hosted openkms is always Enabled.',
    params: {},
    errors: [],
    async handle() {
        return { AccountStatus: 'Enabled' };
    },
});
