/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: the functions with the most self time in a
 * V8 CPU profile (from `node --cpu-prof`, or `npm run bench -- --cpu-prof DIR`), with their share of the
 * busy (non-idle) samples, so a missed target can be traced to what limited it without opening DevTools.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
}

export interface HotSpot {
  name: string
  where: string
  share: number
}

/** Self-time shares of the busy samples (idle excluded) per function, by name and location, largest first. */
export function hotSpots(profile: CpuProfile): HotSpot[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const counts = new Map<string, { name: string; where: string; n: number }>()
  let total = 0
  for (const id of profile.samples) {
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === '(idle)') continue
    total++
    const { functionName, url, lineNumber } = node.callFrame
    const where = url ? `${url.replace(/^.*\/(dist|node_modules|src|bench|test)\//, '$1/')}:${lineNumber + 1}` : ''
    const name = functionName || '(anonymous)'
    const key = `${name}@${where}`
    const entry = counts.get(key) ?? { name, where, n: 0 }
    entry.n++
    counts.set(key, entry)
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).map((e) => ({ name: e.name, where: e.where, share: e.n / (total || 1) }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2)
  if (!file) {
    process.stderr.write('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]\n')
    process.exit(2)
  }
  const spots = hotSpots(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).slice(0, Number(top ?? 25))
  for (const s of spots) process.stdout.write(`${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}  ${s.where}\n`)
}
