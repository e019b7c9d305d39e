// Writes docs/api.md from the action registry.
import { writeFileSync } from 'node:fs'
import { renderApiDoc } from '../src/actions/api-doc.js'

writeFileSync(new URL('../docs/api.md', import.meta.url), renderApiDoc())
process.stdout.write('docs/api.md written\n')
