import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pageNumberParam, pageOf, pageSizeParam } from '../common-params.js'
import { secretNameParam } from '../secret-params.js'
import { formatUtc } from '../../domain/time.js'
import { stagesOf } from '../../domain/version-stages.js'
import { findSecret, stageMap } from '../../services/secrets/secrets.js'

export const ListSecretVersionIds = defineAction({
  name: 'ListSecretVersionIds',
  description: 'Lists the versions of a secret with their stages, oldest first; versions without stages only on request.',
  params: {
    SecretName: secretNameParam(),
    IncludeDeprecated: p.boolean({ default: false, description: 'true to include versions that carry no stage.' }),
    PageNumber: pageNumberParam(),
    PageSize: pageSizeParam(20),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const secret = await findSecret(ctx.store, ctx, q.SecretName)
    const stages = await stageMap(ctx.store, secret.secretName)
    const versions = (await ctx.store.secretVersions.list(secret.secretName))
      .map((v) => ({ VersionId: v.versionId, CreateTime: formatUtc(v.createdAt), VersionStages: { VersionStage: stagesOf(stages, v.versionId) } }))
      .filter((v) => q.IncludeDeprecated || v.VersionStages.VersionStage.length > 0)
    const { offset, limit } = pageOf(q.PageNumber, q.PageSize)
    return {
      SecretName: secret.secretName,
      VersionIds: { VersionId: versions.slice(offset, offset + limit) },
      TotalCount: versions.length,
      PageNumber: q.PageNumber,
      PageSize: q.PageSize,
    }
  },
})
