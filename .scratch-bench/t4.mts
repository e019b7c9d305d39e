import { preparePrimitive } from '../bench/crypto-primitives.js'
for (let round = 0; round < 2; round++)
for (const p of ['rsa-2048-pss-sign', 'rsa-2048-pss-sign-openkms'] as const) {
  const op = await preparePrimitive(p)
  for (let i = 0; i < 20; i++) op()
  const t = performance.now(); let n = 0
  while (performance.now() - t < 1500) { op(); n++ }
  console.log(p, Math.round(n / ((performance.now() - t) / 1000)))
}
