import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fillStore } from '../bench/fill-store.js'
const dir = mkdtempSync(join(tmpdir(), 'okfill-'))
const r = await fillStore(dir, 10000, { accessKeyId: 'LTAIbenchaccesskey01', accessKeySecret: 'bench-secret-0123456789' })
console.log(r.keyIds.length, r.fillMs, dir)
