import { measureCeiling } from '../bench/crypto-ceiling.js'
import { PRIMITIVES, type Primitive } from '../bench/crypto-primitives.js'
for (const p of Object.keys(PRIMITIVES) as Primitive[]) console.log(await measureCeiling(p, 1000))
