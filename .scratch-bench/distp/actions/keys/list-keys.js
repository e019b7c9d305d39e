import { defineAction } from '../define-action.js';
import { p } from '../params.js';
import { pageNumberParam, pageSizeParam, pageOf } from '../common-params.js';
import { KmsErrors } from '../../domain/errors.js';
import { arn } from '../../domain/arn.js';
/** Filter keys accepted by ListKeys (spec §6.1) and the KeyFilter field each one fills. */
const FILTER_FIELDS = {
    KeyState: 'states',
    KeySpec: 'specs',
    KeyUsage: 'usages',
    ProtectionLevel: 'protectionLevels',
    CreatorType: 'creatorTypes',
    DKMSInstanceId: 'dkmsInstanceIds',
    keyId: 'keyIds',
    KeyId: 'keyIds',
    AliasName: 'aliasNames',
    Creator: 'creators',
    TagKey: 'tagKeys',
    TagValue: 'tagValues',
};
export const ListKeys = defineAction({
    name: 'ListKeys',
    description: 'Lists keys, with paging and filters.',
    params: {
        PageNumber: pageNumberParam(),
        PageSize: pageSizeParam(10),
        Filters: p.json(p.Type.Array(p.Type.Object({ Key: p.Type.String(), Values: p.Type.Array(p.Type.String(), { maxItems: 10 }) }), { maxItems: 10 }), { maxLength: 8192, description: 'JSON array of {"Key":k,"Values":[…]}: AND across keys, OR within values.' }),
    },
    errors: ['InvalidParameter'],
    async handle(q, ctx) {
        const filter = {};
        for (const f of q.Filters ?? []) {
            const field = FILTER_FIELDS[f.Key];
            if (!field)
                throw KmsErrors.invalidParameter('Filters', `Unknown filter key "${f.Key}".`);
            filter[field] = [...(filter[field] ?? []), ...f.Values];
        }
        const page = await ctx.store.keys.list(filter, pageOf(q.PageNumber, q.PageSize));
        return {
            Keys: { Key: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: arn.key(ctx.config, k.keyId) })) },
            TotalCount: page.total,
            PageNumber: q.PageNumber,
            PageSize: q.PageSize,
        };
    },
});
