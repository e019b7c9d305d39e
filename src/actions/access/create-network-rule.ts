import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { accessDescriptionParam, accessNameParam, jsonStringListParam } from '../access-params.js'
import { checkSourceIps, MAX_SOURCE_IPS } from '../../domain/source-ip.js'
import { networkRuleCreated } from '../views/access.js'
import { createNetworkRule } from '../../services/access/admin.js'

export const CreateNetworkRule = defineAction({
  name: 'CreateNetworkRule',
  description: 'Creates a network rule: the private addresses and CIDR blocks a policy may admit instance-API callers from.',
  params: {
    Name: accessNameParam('network rule'),
    Type: p.oneOf(['Private'], { required: true, description: 'Only Private is supported.' }),
    SourcePrivateIp: jsonStringListParam(`JSON array of IPv4/IPv6 addresses and CIDR blocks, 1 to ${MAX_SOURCE_IPS}: ["10.0.0.0/8","fd00::1"].`, {
      required: true,
      maxItems: MAX_SOURCE_IPS,
    }),
    Description: accessDescriptionParam(),
  },
  errors: ['InvalidParameter', 'Rejected.ResourceExist'],
  async handle(q, ctx) {
    const ips = checkSourceIps(q.SourcePrivateIp, 'SourcePrivateIp')
    const rule = await createNetworkRule(ctx, { name: q.Name, sourcePrivateIps: ips, description: q.Description ?? '' })
    return networkRuleCreated(rule, ctx.config)
  },
})
