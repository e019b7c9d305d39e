/**
 * The store contract: every behaviour documented on `src/store/store.ts` and `src/store/repos/*.ts`, run
 * against each engine (test/store/sqlite.test.ts, later PostgreSQL).
 */
import { describe } from 'node:test'
import type { Store } from '../../src/store/store.js'
import { keysContract } from './contract-keys.js'
import { versionsAndAliasesContract } from './contract-versions-aliases.js'
import { tagsAndAuthContract } from './contract-tags-auth.js'
import { txContract } from './contract-tx.js'
import { accessContract } from './contract-access.js'
import { sharedContract, type MakeSharedPair } from './contract-shared.js'
import { changesContract } from './contract-changes.js'
import { secretsContract } from './contract-secrets.js'
import { keyImportsContract } from './contract-key-imports.js'
import { identityContract } from './contract-identity.js'
import { auditContract } from './contract-audit.js'

export interface ContractOptions {
  /** Two stores open on the same database; the cross-instance checks run only when given. */
  makeSharedPair?: MakeSharedPair
}

/** Registers the whole contract suite for one engine; `makeStore` must return an empty, migrated store. */
export function runStoreContract(name: string, makeStore: () => Promise<Store>, options: ContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    keysContract(makeStore)
    versionsAndAliasesContract(makeStore)
    tagsAndAuthContract(makeStore)
    txContract(makeStore)
    accessContract(makeStore)
    secretsContract(makeStore)
    keyImportsContract(makeStore)
    identityContract(makeStore)
    auditContract(makeStore)
    if (options.makeSharedPair) sharedContract(options.makeSharedPair)
    if (options.makeSharedPair) changesContract(options.makeSharedPair)
  })
}
