import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pageNumberParam, pageSizeParam } from '../common-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { instanceSummary } from '../../services/instance/kms-instance.js'

export const ListKmsInstances = defineAction({
  name: 'ListKmsInstances',
  description: 'Lists the KMS instances: exactly one, this openkms.',
  params: {
    PageNumber: pageNumberParam(),
    PageSize: pageSizeParam(20),
    Filters: p.json(
      p.Type.Array(p.Type.Object({ Key: p.Type.String(), Values: p.Type.Array(p.Type.String(), { maxItems: 10 }) }), { maxItems: 10 }),
      { maxLength: 4096, description: 'JSON array of {"Key":"KmsInstanceId","Values":[…]}: OR within values.' },
    ),
  },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    let matches = true
    for (const f of q.Filters ?? []) {
      if (f.Key !== 'KmsInstanceId') throw KmsErrors.invalidParameter('Filters', `Unknown filter key "${f.Key}"; only KmsInstanceId is supported.`)
      matches &&= f.Values.includes(ctx.instanceId)
    }
    const all = matches ? [instanceSummary(ctx)] : []
    const page = all.slice((q.PageNumber - 1) * q.PageSize, q.PageNumber * q.PageSize)
    return { KmsInstances: { KmsInstance: page }, TotalCount: all.length, PageNumber: q.PageNumber, PageSize: q.PageSize }
  },
})
