/** The application-access repositories over one SQL context (contract: src/store/repos/access.ts). */
import type { AccessRepos } from '../store.js'
import type { SqlContext } from './context.js'
import { SqlNetworkRuleRepo } from './network-rules.js'
import { SqlAccessPolicyRepo } from './access-policies.js'
import { SqlAapRepo } from './application-access-points.js'
import { SqlClientKeyRepo } from './client-keys.js'

export function makeAccessRepos(ctx: SqlContext): AccessRepos {
  return {
    networkRules: new SqlNetworkRuleRepo(ctx),
    policies: new SqlAccessPolicyRepo(ctx),
    aaps: new SqlAapRepo(ctx),
    clientKeys: new SqlClientKeyRepo(ctx),
  }
}
