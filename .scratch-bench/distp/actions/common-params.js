/** Parameter declarations shared by many actions, so their rules and descriptions stay identical. */
import { p } from './params.js';
export const keyIdParam = () => p.string({ required: true, maxLength: 512, description: 'Key ID, alias (alias/…), key ARN or alias ARN.' });
export const pageNumberParam = () => p.integer({ min: 1, max: 100000, default: 1, description: 'Page number, from 1.' });
export const pageSizeParam = (defaultSize, max = 100) => p.integer({ min: 1, max, default: defaultSize, description: `Entries per page, 1 to ${max}.` });
export const tagsParam = () => p.json(p.Type.Array(p.Type.Object({ TagKey: p.Type.String(), TagValue: p.Type.String() })), {
    maxLength: 8192,
    description: 'JSON array of tags: [{"TagKey":"k","TagValue":"v"}].',
});
export const dryRunParam = () => p.boolean({ default: false, description: 'When true, check the request only: it fails with DryRunOperationError if it would succeed.' });
/** Paging helper: offset/limit from PageNumber/PageSize. */
export function pageOf(pageNumber, pageSize) {
    return { offset: (pageNumber - 1) * pageSize, limit: pageSize };
}
/** The resource of TagResource / UntagResource / ListResourceTags: exactly one of these (checked by `singleTarget`). */
export const singleResourceParams = () => {
    const ref = (what) => p.string({ maxLength: 512, description: `${what}; give exactly one of KeyId, SecretName, CertificateId.` });
    return { KeyId: ref('Key ID, alias or ARN'), SecretName: ref('Secret name'), CertificateId: ref('Certificate ID') };
};
