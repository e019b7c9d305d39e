import { SqlNetworkRuleRepo } from './network-rules.js';
import { SqlAccessPolicyRepo } from './access-policies.js';
import { SqlAapRepo } from './application-access-points.js';
import { SqlClientKeyRepo } from './client-keys.js';
export function makeAccessRepos(ctx) {
    return {
        networkRules: new SqlNetworkRuleRepo(ctx),
        policies: new SqlAccessPolicyRepo(ctx),
        aaps: new SqlAapRepo(ctx),
        clientKeys: new SqlClientKeyRepo(ctx),
    };
}
