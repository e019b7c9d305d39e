import { defineAction } from '../define-action.js';
import { keyIdParam } from '../common-params.js';
import { keyMetadata } from '../../domain/key-metadata.js';
import { findKey } from '../../services/keys.js';
export const DescribeKey = defineAction({
    name: 'DescribeKey',
    description: 'Returns the metadata of a key.',
    params: { KeyId: keyIdParam() },
    errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound'],
    async handle(q, ctx) {
        const key = await findKey(ctx.store, ctx, q.KeyId);
        return { KeyMetadata: keyMetadata(key, ctx.config, { describe: true }) };
    },
});
