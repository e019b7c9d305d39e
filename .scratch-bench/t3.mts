import { measureCeilings } from '../bench/crypto-ceiling.js'
import { PRIMITIVES, type Primitive } from '../bench/crypto-primitives.js'
const t = performance.now()
await measureCeilings(Object.keys(PRIMITIVES) as Primitive[], 500, (r) => console.log(r.primitive, Math.round(r.opsPerSec)))
console.log('total', Math.round(performance.now() - t), 'ms')
