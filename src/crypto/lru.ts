/** A size-bounded map that forgets its least recently used entry first (Map keeps insertion order). */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>()

  /** `onEvict` hears each entry dropped to stay within capacity. */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(capacity >= 1)) throw new RangeError('an LRU needs room for at least one entry')
  }

  get size(): number {
    return this.#entries.size
  }

  /** The value, now counted as most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value === undefined) return undefined
    this.#entries.delete(key)
    this.#entries.set(key, value)
    return value
  }

  /** The value without changing its place; undefined when absent. */
  peek(key: K): V | undefined {
    return this.#entries.get(key)
  }

  /** Stores `value` as most recently used, evicting the least recently used entry beyond capacity. */
  set(key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.capacity) {
      const [oldestKey, oldestValue] = this.#entries.entries().next().value as [K, V]
      this.#entries.delete(oldestKey)
      this.onEvict?.(oldestKey, oldestValue)
    }
  }

  delete(key: K): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  /** Entries, least recently used first. */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.entries()
  }
}
