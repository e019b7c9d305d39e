/**
 * THE action registry: every action openkms serves, one line per group. An unknown `Action` means
 * "not in this list" and nothing else; the server, the CLI and docs/api.md are all derived from it.
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

const GROUPS: Record<string, Record<string, unknown>> = { keys, account, 'key-versions': keyVersions, aliases, tags, crypto, access, secrets, instances, byok }

export const ACTIONS: readonly AnyAction[] = Object.values(GROUPS).flatMap((g) => Object.values(g) as AnyAction[])

export const ACTION_GROUPS: ReadonlyArray<[string, readonly AnyAction[]]> = Object.entries(GROUPS).map(
  ([name, g]) => [name, Object.values(g) as AnyAction[]],
)

const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]))

export function findAction(name: string): AnyAction | undefined {
  return BY_NAME.get(name)
}
