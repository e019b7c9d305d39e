import { readFileSync } from 'node:fs'
const prof = JSON.parse(readFileSync(process.argv[2]!, 'utf8'))
const byId = new Map(prof.nodes.map((n: any) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const target = process.argv[3]!
const counts = new Map<string, number>()
let total = 0
for (const id of prof.samples) {
  const n: any = byId.get(id)
  if (n.callFrame.functionName !== target) continue
  total++
  // walk up and collect project frames
  const chain: string[] = []
  let p = parent.get(id)
  while (p !== undefined && chain.length < 6) {
    const pn: any = byId.get(p)
    if (/openkms-bench\/dist|\/src\//.test(pn.callFrame.url)) chain.push(pn.callFrame.functionName + ':' + pn.callFrame.url.split('/').slice(-1)[0])
    p = parent.get(p)
  }
  const k = chain.slice(0, 4).join(' < ')
  counts.set(k, (counts.get(k) ?? 0) + 1)
}
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log((100 * v / total).toFixed(1).padStart(5), k)
