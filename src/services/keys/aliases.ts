/**
 * Alias writes. Each runs in one transaction that re-reads the key it points to, and announces the alias
 * (`notify('alias', name)`) so every process drops cached alias → key resolutions.
 */
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { UniqueViolation } from '../../store/store.js'
import { findKey } from './keys.js'

/** CreateAlias: AliasAlreadyExists for a taken name; the key must not be PendingDeletion (spec §4.2). */
export async function createAlias(rt: Runtime, aliasName: string, keyRef: string): Promise<void> {
  await rt.store.tx(async (tx) => {
    const key = await findKey(tx, rt, keyRef)
    requireState('createAlias', key.state)
    if (await tx.aliases.get(aliasName)) throw KmsErrors.aliasExists(aliasName)
    const now = rt.clock.now()
    try {
      await tx.aliases.insert({ aliasName, keyId: key.keyId, createdAt: now, updatedAt: now })
    } catch (err) {
      if (err instanceof UniqueViolation) throw KmsErrors.aliasExists(aliasName)
      throw err
    }
    await tx.notify('alias', aliasName)
  })
}

/** UpdateAlias: re-points an existing alias; only the new target's state matters (spec §4.2). */
export async function updateAlias(rt: Runtime, aliasName: string, keyRef: string): Promise<void> {
  await rt.store.tx(async (tx) => {
    if (!(await tx.aliases.get(aliasName))) throw KmsErrors.aliasNotFound(aliasName)
    const key = await findKey(tx, rt, keyRef)
    requireState('updateAliasTarget', key.state)
    if (!(await tx.aliases.update(aliasName, key.keyId, rt.clock.now()))) throw KmsErrors.aliasNotFound(aliasName)
    await tx.notify('alias', aliasName)
  })
}

/** DeleteAlias: allowed whatever the state of the key (spec §4.2). */
export async function deleteAlias(rt: Runtime, aliasName: string): Promise<void> {
  await rt.store.tx(async (tx) => {
    if (!(await tx.aliases.delete(aliasName))) throw KmsErrors.aliasNotFound(aliasName)
    await tx.notify('alias', aliasName)
  })
}
