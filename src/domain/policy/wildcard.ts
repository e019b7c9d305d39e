/**
 * RAM wildcards: `*` matches any run of characters (the empty one too), `?` exactly one. Patterns are compiled
 * once into literal segments and matched greedily, segment by segment, without backtracking across stars:
 * the leftmost place where a segment fits is always the best one, so `a*a*a*…b` against a long subject costs
 * O(subject × pattern) at worst, never the exponential time a backtracking regular expression can take.
 */

export type Matcher = (subject: string) => boolean

/** True when `seg` (which may hold `?`) fits `s` at `at`. */
function fitsAt(s: string, at: number, seg: string): boolean {
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i)
    if (c !== 63 /* ? */ && c !== s.charCodeAt(at + i)) return false
  }
  return true
}

/** Leftmost index ≥ from where `seg` fits entirely before `limit`, or -1. */
function findSegment(s: string, seg: string, from: number, limit: number, hasQuestion: boolean): number {
  if (!hasQuestion) {
    const i = s.indexOf(seg, from)
    return i >= 0 && i + seg.length <= limit ? i : -1
  }
  for (let i = from; i + seg.length <= limit; i++) if (fitsAt(s, i, seg)) return i
  return -1
}

const ALWAYS: Matcher = () => true

/** Compiles one pattern. With `ignoreCase`, pattern and subject compare in lower case (RAM actions). */
export function compileWildcard(pattern: string, ignoreCase = false): Matcher {
  const pat = ignoreCase ? pattern.toLowerCase() : pattern
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s
  if (/^\*+$/.test(pat)) return ALWAYS
  if (!pat.includes('*')) {
    if (!pat.includes('?')) return (s) => norm(s) === pat
    return (s) => {
      const v = norm(s)
      return v.length === pat.length && fitsAt(v, 0, pat)
    }
  }
  const parts = pat.split('*')
  const prefix = parts[0] as string
  const suffix = parts[parts.length - 1] as string
  const middle = parts.slice(1, -1).filter((p) => p.length > 0)
  const middleQ = middle.map((m) => m.includes('?'))
  const fixed = prefix.length + suffix.length + middle.reduce((n, m) => n + m.length, 0)
  return (s) => {
    const v = norm(s)
    if (v.length < fixed) return false
    if (!fitsAt(v, 0, prefix)) return false
    const end = v.length - suffix.length
    if (!fitsAt(v, end, suffix)) return false
    let pos = prefix.length
    for (let i = 0; i < middle.length; i++) {
      const seg = middle[i] as string
      const at = findSegment(v, seg, pos, end, middleQ[i] as boolean)
      if (at < 0) return false
      pos = at + seg.length
    }
    return true
  }
}

/**
 * A set of patterns compiled for one element (Action, Resource, principal names): exact strings in a Set,
 * wildcard patterns as matchers, and a shortcut when one of them is `*`.
 */
export interface PatternSet {
  readonly any: boolean
  readonly exact: ReadonlySet<string>
  readonly wild: readonly Matcher[]
  readonly ignoreCase: boolean
}

export function compilePatterns(patterns: readonly string[], ignoreCase = false): PatternSet {
  const exact = new Set<string>()
  const wild: Matcher[] = []
  let any = false
  for (const raw of patterns) {
    // Case-insensitive sets hold lower-cased patterns and see a subject lower-cased once (in matchesAny).
    const p = ignoreCase ? raw.toLowerCase() : raw
    if (/^\*+$/.test(p)) any = true
    else if (/[*?]/.test(p)) wild.push(compileWildcard(p))
    else exact.add(p)
  }
  return { any, exact, wild, ignoreCase }
}

export function matchesAny(set: PatternSet, subject: string): boolean {
  return matchesPrepared(set, set.ignoreCase ? subject.toLowerCase() : subject)
}

/** matchesAny for a subject already lower-cased when the set ignores case (one lower-casing per request). */
export function matchesPrepared(set: PatternSet, subject: string): boolean {
  if (set.any) return true
  if (set.exact.has(subject)) return true
  for (const m of set.wild) if (m(subject)) return true
  return false
}
