/**
 * The RAM policies that govern a principal, parsed: a user's own and its groups', or a role's. Loading them
 * costs several store reads, so they are cached per principal and dropped, on every process, by any identity
 * change notice (users, groups, memberships, roles, policies, versions and attachments all send one), which
 * `store.sync()` delivers before the next request is authorised. Identity writes are rare administrative
 * calls, so a notice clears the whole cache rather than working out whom it concerns.
 */
import type { Store, RamPrincipalType } from '../../store/store.js'
import type { Principal } from '../../domain/principal.js'
import { Lru } from '../../crypto/lru.js'
import { NoticeCache } from '../notice-cache.js'
import { parsePolicyDocument, type PolicyDocument } from '../../domain/policy/document.js'
import { findPolicy } from './directory.js'

/** What stands for a policy that no longer parses: it may have held a Deny, so it denies everything. */
const DENY_ALL = parsePolicyDocument(JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }))

export interface PrincipalPolicies {
  /** Identity policies of a user or role session; empty for root (never evaluated for it). */
  of(principal: Principal): Promise<readonly PolicyDocument[]>
  /** A session policy (STS AssumeRole `Policy`), parsed once per distinct text. */
  session(text: string): PolicyDocument
}

export function principalPolicies(store: Store, capacity = 10_000): PrincipalPolicies {
  const cache = new NoticeCache<string, readonly PolicyDocument[]>(store, { topics: ['identity'], capacity, invalidate: (c) => c.clear() })
  const sessions = new Lru<string, PolicyDocument>(1_000)

  const attached = async (type: RamPrincipalType, name: string): Promise<PolicyDocument[]> => {
    const docs: PolicyDocument[] = []
    for (const a of await store.identity.attachments.ofPrincipal(type, name)) {
      const policy = await findPolicy(store, a.policyType, a.policyName)
      if (!policy) continue
      try {
        docs.push(parsePolicyDocument(policy.document))
      } catch {
        docs.push(DENY_ALL)
      }
    }
    return docs
  }

  const load = async (principal: Principal): Promise<PolicyDocument[]> => {
    if (principal.kind === 'user' && principal.userName) {
      const docs = await attached('User', principal.userName)
      for (const m of await store.identity.members.groupsOf(principal.userName)) docs.push(...(await attached('Group', m.groupName)))
      return docs
    }
    if (principal.kind === 'assumed-role' && principal.roleName) {
      // A deleted role grants nothing, whatever its sessions' tokens say.
      if (!(await store.identity.roles.get(principal.roleName))) return []
      return attached('Role', principal.roleName)
    }
    return []
  }

  return {
    async of(principal) {
      if (principal.kind === 'root') return []
      const key = principal.kind === 'user' ? `user:${principal.userName}` : `role:${principal.roleName}`
      return (await cache.getOrLoad(key, () => load(principal))) ?? []
    },
    session(text) {
      let doc = sessions.get(text)
      if (!doc) {
        try {
          doc = parsePolicyDocument(text)
        } catch {
          doc = DENY_ALL
        }
        sessions.set(text, doc)
      }
      return doc
    },
  }
}
