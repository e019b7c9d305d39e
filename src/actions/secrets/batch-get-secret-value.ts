import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { isKmsError } from '../../domain/errors.js'
import { getSecretValue, renderSecretValue } from '../../services/secrets/secrets.js'

const Item = p.Type.Object({
  SecretName: p.Type.String({ minLength: 1, maxLength: 300 }),
  VersionId: p.Type.Optional(p.Type.String({ maxLength: 64 })),
  VersionStage: p.Type.Optional(p.Type.String({ maxLength: 64 })),
  FetchExtendedConfig: p.Type.Optional(p.Type.Union([p.Type.Boolean(), p.Type.Literal('true'), p.Type.Literal('false')])),
})

export const BatchGetSecretValue = defineAction({
  name: 'BatchGetSecretValue',
  description: 'Returns the values of up to 20 secrets; each secret that cannot be read is reported in Errors.',
  params: {
    SecretsList: p.json(p.Type.Array(Item, { minItems: 1, maxItems: 20 }), {
      required: true,
      maxLength: 16384,
      description: 'JSON list of {SecretName, VersionId?, VersionStage?, FetchExtendedConfig?}, at most 20.',
    }),
  },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const SecretValues: Array<Record<string, unknown>> = []
    const Errors: Array<Record<string, unknown>> = []
    for (const item of q.SecretsList) {
      try {
        const fetch = item.FetchExtendedConfig === true || item.FetchExtendedConfig === 'true'
        const value = await getSecretValue(ctx, { secretName: item.SecretName, versionId: item.VersionId, versionStage: item.VersionStage, fetchExtendedConfig: fetch })
        SecretValues.push({ ...renderSecretValue(value), RequestId: ctx.requestId })
      } catch (e) {
        if (!isKmsError(e)) throw e
        Errors.push({ SecretName: item.SecretName, Code: e.code, HttpStatus: e.status, Message: e.message })
      }
    }
    return { SecretValues, Errors }
  },
})
