import type { Repos } from '../store.js'
import type { SqlContext } from './context.js'
import { SqlKeyRepo } from './keys.js'
import { SqlKeyVersionRepo } from './key-versions.js'
import { SqlAliasRepo } from './aliases.js'
import { SqlTagRepo } from './tags.js'
import { SqlAccessKeyRepo, SqlMetaRepo } from './auth.js'
import { makeAccessRepos } from './access.js'
import { SqlSecretRepo } from './secrets.js'
import { SqlSecretVersionRepo } from './secret-versions.js'
import { SqlKeyImportRepo } from './key-imports.js'
import { makeIdentityRepos } from './identity.js'

/** Builds the repositories over one SQL context (the database, or one transaction's connection). */
export function makeRepos(ctx: SqlContext, notify: Repos['notify']): Repos {
  return {
    keys: new SqlKeyRepo(ctx),
    keyVersions: new SqlKeyVersionRepo(ctx),
    aliases: new SqlAliasRepo(ctx),
    tags: new SqlTagRepo(ctx),
    accessKeys: new SqlAccessKeyRepo(ctx),
    meta: new SqlMetaRepo(ctx),
    access: makeAccessRepos(ctx),
    secrets: new SqlSecretRepo(ctx),
    secretVersions: new SqlSecretVersionRepo(ctx),
    keyImports: new SqlKeyImportRepo(ctx),
    identity: makeIdentityRepos(ctx),
    notify,
  }
}
