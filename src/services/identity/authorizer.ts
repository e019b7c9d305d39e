/**
 * Authorisation of every control-plane call (KMS, RAM, STS), after authentication and before dispatch: the
 * principal's RAM policies (cached, principal-policies.ts), the session policy of an STS session, the request's
 * condition keys and the key or secret policies of the resources the call touches go to `authorizeCall`
 * (src/domain/policy/kms-authorization.ts), which throws Alibaba's refusal.
 *
 * Cost for the account's own (root) AccessKeys: RAM and STS calls return at once; KMS calls only check for an
 * explicit Deny in a key or secret policy, with keys from the key cache. Tags (a store read) are read only when
 * a policy that applies could test them.
 */
import type { Runtime } from '../context.js'
import type { Principal } from '../../domain/principal.js'
import type { StsSession } from './sts-token.js'
import { isKmsError } from '../../domain/errors.js'
import { authorizeCall, type AuthorizationResolver } from '../../domain/policy/kms-authorization.js'
import type { PolicyDocument } from '../../domain/policy/document.js'
import type { ResolvedKey } from '../../domain/policy/targets.js'
import type { KeyRecord, TaggedResourceType } from '../../store/store.js'
import { principalPolicies, type PrincipalPolicies } from './principal-policies.js'

export interface AuthorizeRequest {
  principal: Principal
  /** The STS session behind an `assumed-role` principal. */
  session?: StsSession
  product: 'kms' | 'ram' | 'sts'
  action: string
  /** The request's wire parameters. */
  params: Record<string, string>
  /** Facts of the transport, for condition keys. */
  request: { sourceIp?: string; secure: boolean; userAgent?: string }
}

export type Authorize = (request: AuthorizeRequest) => Promise<void>

export function createAuthorizer(rt: Runtime, policies: PrincipalPolicies = principalPolicies(rt.store)): Authorize {
  const scope = { region: rt.config.region, accountId: rt.config.accountId }
  return async (r) => {
    const root = r.principal.kind === 'root' && r.principal.accountId === scope.accountId
    // RAM and STS have no resource policies: the account itself may do everything there.
    if (root && r.product !== 'kms') return
    const conditions: Record<string, string> = {
      'acs:CurrentTime': new Date(rt.clock.now()).toISOString(),
      'acs:SecureTransport': r.request.secure ? 'true' : 'false',
    }
    if (r.request.sourceIp) conditions['acs:SourceIp'] = r.request.sourceIp.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')
    if (r.request.userAgent) conditions['acs:UserAgent'] = r.request.userAgent
    const identityPolicies = root ? NO_POLICIES : await policies.of(r.principal)
    const sessionPolicy = r.session?.policy !== undefined ? policies.session(r.session.policy) : undefined
    // Tags are a store read per resource: only read them when some policy of the caller tests `kms:tag/…`.
    const callerTestsTags = usesTags(identityPolicies) || (sessionPolicy !== undefined && usesTags([sessionPolicy]))
    await authorizeCall(
      {
        principal: r.principal,
        identityPolicies,
        ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
        action: `${r.product}:${r.action}`,
        params: r.params,
        conditions,
        scope,
      },
      resolver(rt, callerTestsTags),
    )
  }
}

const NO_POLICIES: readonly PolicyDocument[] = Object.freeze([])
const tagTesting = new WeakMap<readonly PolicyDocument[], boolean>()

/** Whether any statement has a `kms:tag/…` condition key (cached per cached policy list). */
function usesTags(docs: readonly PolicyDocument[]): boolean {
  let known = tagTesting.get(docs)
  if (known === undefined) {
    known = docs.some((d) => d.Statement.some((st) => Object.values(st.Condition ?? {}).some((op) => Object.keys(op).some(isTagKey))))
    tagTesting.set(docs, known)
  }
  return known
}

const isTagKey = (key: string) => key.toLowerCase().startsWith('kms:tag/')

/**
 * Resources for the decision: keys through the key cache; tags only when they can matter, that is when the
 * caller's policies test them or the resource has a stored key or secret policy (which might; the default
 * policies do not).
 */
function resolver(rt: Runtime, callerTestsTags: boolean): AuthorizationResolver {
  const tagsOf = async (type: TaggedResourceType, id: string, policy: string | null): Promise<Record<string, string>> => {
    if (!callerTestsTags && policy === null) return {}
    return Object.fromEntries((await rt.store.tags.list(type, id)).map((t) => [t.tagKey, t.tagValue]))
  }
  const resolvedKey = async (k: KeyRecord): Promise<ResolvedKey> => ({
    keyId: k.keyId,
    tags: await tagsOf('key', k.keyId, k.policy),
    ...(k.policy !== null ? { policy: k.policy } : {}),
  })
  return {
    async key(ref) {
      try {
        return await resolvedKey(await rt.keyCache.key(ref))
      } catch (e) {
        if (isKmsError(e)) return undefined
        throw e
      }
    },
    async secret(name) {
      const s = await rt.store.secrets.get(name)
      if (!s) return undefined
      return { name: s.secretName, tags: await tagsOf('secret', s.secretName, s.policy), ...(s.policy !== null ? { policy: s.policy } : {}) }
    },
    async keyOfVersion(keyVersionId) {
      const hit = await rt.keyCache.versionById(keyVersionId).catch((e: unknown) => {
        if (isKmsError(e)) return undefined
        throw e
      })
      return hit && resolvedKey(hit.key)
    },
  }
}
