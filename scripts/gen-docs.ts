// Writes docs/api.md (KMS) and docs/api-identity.md (RAM, STS) from the action registry.
import { writeFileSync } from 'node:fs'
import { renderApiDoc, renderIdentityApiDoc } from '../src/actions/api-doc.js'

writeFileSync(new URL('../docs/api.md', import.meta.url), renderApiDoc())
writeFileSync(new URL('../docs/api-identity.md', import.meta.url), renderIdentityApiDoc())
process.stdout.write('docs/api.md and docs/api-identity.md written\n')
