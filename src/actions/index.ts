/**
 * THE action registry: every action openkms serves, one line per group. An unknown `Action` means
 * "not in this list" and nothing else; the server, the CLI and docs/api.md are all derived from it.
 */
import type { AnyAction } from './define-action.js'
import * as keys from './keys/index.js'
import * as account from './account/index.js'

const GROUPS: Record<string, Record<string, unknown>> = { keys, account }

export const ACTIONS: readonly AnyAction[] = Object.values(GROUPS).flatMap((g) => Object.values(g) as AnyAction[])

export const ACTION_GROUPS: ReadonlyArray<[string, readonly AnyAction[]]> = Object.entries(GROUPS).map(
  ([name, g]) => [name, Object.values(g) as AnyAction[]],
)

const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]))

export function findAction(name: string): AnyAction | undefined {
  return BY_NAME.get(name)
}
