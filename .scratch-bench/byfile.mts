import { readFileSync } from 'node:fs'
const prof = JSON.parse(readFileSync(process.argv[2]!, 'utf8'))
const byId = new Map(prof.nodes.map((n: any) => [n.id, n]))
const counts = new Map<string, number>()
let total = 0
for (const id of prof.samples) {
  const n: any = byId.get(id)
  if (n.callFrame.functionName === '(idle)') continue
  total++
  let u: string = n.callFrame.url || n.callFrame.functionName
  u = u.replace(/^file:\/\/\/work\/main\/node_modules\/\.cache\/openkms-bench\/dist\//, 'src/').replace(/^file:\/\/\/work\/main\/node_modules\/([^/]+)\/.*/, 'npm:$1').replace(/^node:internal\/([^/]+).*/, 'node:$1')
  counts.set(u, (counts.get(u) ?? 0) + 1)
}
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((100 * v / total).toFixed(1).padStart(5), k)
