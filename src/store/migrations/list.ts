/** Every migration, one line each; `index.ts` orders them by version. Add a new file's line at the end. */
export { migration as m0001 } from './0001-initial.js'
export { migration as m0002 } from './0002-access.js'
export { migration as m0003 } from './0003-secrets.js'
export { migration as m0004 } from './0004-import-tokens.js'
export { migration as m0005 } from './0005-identity.js'
export { migration as m0006 } from './0006-audit.js'
