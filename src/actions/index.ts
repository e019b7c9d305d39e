/**
 * THE action registry: every action openkms serves, one line per group, per product. The control-plane
 * endpoint serves three Alibaba products, told apart by `Version`: KMS (2016-01-20), RAM (2015-05-01) and STS
 * (2015-04-01). An unknown `Action` means "not in this product's list" and nothing else; the server, the CLI
 * and the generated API references are all derived from it.
 */
import type { AnyAction } from './define-action.js'
import * as keys from './keys/index.js'
import * as account from './account/index.js'
import * as keyVersions from './key-versions/index.js'
import * as aliases from './aliases/index.js'
import * as tags from './tags/index.js'
import * as crypto from './crypto/index.js'
import * as access from './access/index.js'
import * as secrets from './secrets/index.js'
import * as instances from './instances/index.js'
import * as byok from './byok/index.js'
import * as ram from './ram/index.js'
import * as sts from './sts/index.js'

export interface Product {
  /** The action prefix in policies (`kms:Encrypt`, `ram:CreateUser`, `sts:AssumeRole`). */
  readonly code: 'kms' | 'ram' | 'sts'
  readonly title: string
  readonly version: string
  /** Group name → its folder under src/actions and its actions. */
  readonly groups: ReadonlyArray<{ name: string; dir: string; actions: readonly AnyAction[] }>
  readonly actions: readonly AnyAction[]
  find(name: string): AnyAction | undefined
}

function product(code: Product['code'], title: string, version: string, groups: Record<string, [string, Record<string, unknown>]>): Product {
  const list = Object.entries(groups).map(([name, [dir, g]]) => ({ name, dir, actions: Object.values(g) as AnyAction[] }))
  const actions = list.flatMap((g) => g.actions)
  const byName = new Map(actions.map((a) => [a.name, a]))
  return { code, title, version, groups: list, actions, find: (name) => byName.get(name) }
}

export const KMS = product('kms', 'KMS OpenAPI', '2016-01-20', {
  keys: ['keys', keys], account: ['account', account], 'key-versions': ['key-versions', keyVersions], aliases: ['aliases', aliases],
  tags: ['tags', tags], crypto: ['crypto', crypto], access: ['access', access], secrets: ['secrets', secrets],
  instances: ['instances', instances], byok: ['byok', byok],
})
export const RAM = product('ram', 'RAM (Resource Access Management)', '2015-05-01', { ram: ['ram', ram] })
export const STS = product('sts', 'STS (Security Token Service)', '2015-04-01', { sts: ['sts', sts] })

export const PRODUCTS: readonly Product[] = [KMS, RAM, STS]

/** The product a request's `Version` selects, if any. */
export function productOf(version: string): Product | undefined {
  return PRODUCTS.find((p) => p.version === version)
}

/** KMS actions (the product most callers mean). */
export const ACTIONS: readonly AnyAction[] = KMS.actions

export const ACTION_GROUPS: ReadonlyArray<[string, readonly AnyAction[]]> = KMS.groups.map((g) => [g.name, g.actions])

/** An action of `product` (KMS unless told). */
export function findAction(name: string, product: Product = KMS): AnyAction | undefined {
  return product.find(name)
}
