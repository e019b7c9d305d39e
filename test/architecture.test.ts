/**
 * Import direction (docs/architecture.md): every file under src/ imports only from its own layer or the layers
 * below it, and no import cycle exists. The layer table is the one place to extend when a folder is added.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

/**
 * Layers from the top (0) down. A folder (or a single file) under src/ belongs to the entry with the longest
 * matching prefix; folders sharing a rank sit side by side and may import each other (cycles are still refused).
 */
export const LAYERS: ReadonlyArray<{ rank: number; paths: readonly string[] }> = [
  { rank: 0, paths: ['cli'] },
  { rank: 1, paths: ['runtime'] },
  { rank: 2, paths: ['protocol', 'instance', 'instance-client', 'audit', 'metrics'] },
  { rank: 3, paths: ['instance-wire'] },
  { rank: 4, paths: ['actions', 'jobs'] },
  { rank: 5, paths: ['services'] },
  { rank: 6, paths: ['store'] },
  { rank: 7, paths: ['domain', 'domain/policy', 'config.ts', 'config-limits.ts', 'config-limits.test.ts'] },
  { rank: 8, paths: ['crypto'] },
]

export type ImportGraph = ReadonlyMap<string, readonly string[]>

/** The layer entry of a path relative to src/ (POSIX separators), or undefined when no entry covers it. */
export function layerOf(file: string, layers = LAYERS): { rank: number; path: string } | undefined {
  let best: { rank: number; path: string } | undefined
  for (const layer of layers)
    for (const path of layer.paths)
      if ((file === path || file.startsWith(`${path}/`)) && (!best || path.length > best.path.length)) best = { rank: layer.rank, path }
  return best
}

/** Every import that points to a higher layer, every file no layer covers, and every import cycle. */
export function checkImports(graph: ImportGraph, layers = LAYERS): string[] {
  const problems: string[] = []
  for (const [from, targets] of graph) {
    const a = layerOf(from, layers)
    if (!a) {
      problems.push(`${from} is in no layer (add its folder to LAYERS)`)
      continue
    }
    for (const to of targets) {
      const b = layerOf(to, layers)
      if (b && b.rank < a.rank) problems.push(`upward import: ${from} (${a.path}) → ${to} (${b.path})`)
    }
  }
  for (const cycle of cycles(graph)) problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`)
  return problems
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan's algorithm). */
export function cycles(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next)
    next += 1
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.reverse())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return found
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|mts)$/.test(name)) out.push(path)
  }
  return out
}

/** The project's files under src/ and what each imports (relative imports that resolve inside src/). */
export function importGraphOf(srcDir: string): Map<string, string[]> {
  const root = resolve(srcDir)
  const key = (abs: string) => relative(root, abs).split(sep).join('/')
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(root)) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName)
    const targets: string[] = []
    for (const spec of imports) {
      if (!spec.startsWith('.')) continue
      const base = resolve(dirname(file), spec)
      const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]
      const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile())
      if (hit && hit.startsWith(root + sep)) targets.push(key(hit))
    }
    graph.set(key(file), [...new Set(targets)])
  }
  return graph
}

describe('architecture', () => {
  it('imports between layers point down only, and no import cycle exists', () => {
    const graph = importGraphOf('src')
    assert.ok(graph.size > 100, `parsed ${graph.size} files under src/`)
    assert.ok([...graph.values()].some((targets) => targets.length > 0), 'imports were found')
    assert.deepEqual(checkImports(graph), [])
  })

  it('the checker refuses an upward import, an unlayered file and a cycle (synthetic graph)', () => {
    const graph = new Map<string, string[]>([
      ['services/keys/keys.ts', ['domain/errors.ts', 'runtime/seed.ts']],
      ['runtime/seed.ts', ['actions/dispatch.ts']],
      ['actions/dispatch.ts', ['services/keys/keys.ts']],
      ['crypto/rsa.ts', ['domain/key-spec.ts']],
      ['domain/key-spec.ts', []],
      ['domain/errors.ts', []],
      ['elsewhere/file.ts', []],
      ['store/a.ts', ['store/b.ts']],
      ['store/b.ts', ['store/a.ts']],
    ])
    assert.deepEqual(checkImports(graph), [
      'upward import: services/keys/keys.ts (services) → runtime/seed.ts (runtime)',
      'upward import: crypto/rsa.ts (crypto) → domain/key-spec.ts (domain)',
      'elsewhere/file.ts is in no layer (add its folder to LAYERS)',
      'import cycle: actions/dispatch.ts → services/keys/keys.ts → runtime/seed.ts → actions/dispatch.ts',
      'import cycle: store/a.ts → store/b.ts → store/a.ts',
    ])
  })

  it('a downward import, and an import beside a folder of the same rank, are allowed', () => {
    const graph = new Map<string, string[]>([
      ['cli/main.ts', ['runtime/app.ts']],
      ['runtime/app.ts', ['instance/endpoint.ts', 'protocol/http-server.ts']],
      ['instance/endpoint.ts', ['protocol/listen.ts', 'instance-wire/proto.ts', 'services/context.ts']],
      ['protocol/http-server.ts', ['protocol/listen.ts']],
      ['protocol/listen.ts', []],
      ['instance-wire/proto.ts', ['domain/time.ts']],
      ['services/context.ts', ['store/store.ts', 'crypto/crypto-pool.ts']],
      ['store/store.ts', ['domain/policy/document.ts']],
      ['domain/policy/document.ts', ['domain/time.ts']],
      ['domain/time.ts', []],
      ['crypto/crypto-pool.ts', []],
    ])
    assert.deepEqual(checkImports(graph), [])
    assert.deepEqual(layerOf('domain/policy/document.ts'), { rank: 7, path: 'domain/policy' })
    assert.equal(layerOf('config.ts')?.rank, 7)
  })
})
