import { defineAction } from '../define-action.js'
import { accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkSourceIps, MAX_SOURCE_IPS } from '../../domain/source-ip.js'
import { updateNetworkRule } from '../../services/access/admin.js'

export const UpdateNetworkRule = defineAction({
  name: 'UpdateNetworkRule',
  description: 'Replaces the addresses and/or the description of a network rule (its name and type are fixed).',
  params: {
    Name: accessNameParam('network rule'),
    SourcePrivateIp: jsonStringListParam(`New JSON array of addresses and CIDR blocks, 1 to ${MAX_SOURCE_IPS}.`, { maxItems: MAX_SOURCE_IPS }),
    Description: accessDescriptionParam({ update: true }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const ips = q.SourcePrivateIp === undefined ? undefined : checkSourceIps(q.SourcePrivateIp, 'SourcePrivateIp')
    await updateNetworkRule(ctx, q.Name, { sourcePrivateIps: ips, description: q.Description })
    return {}
  },
})
