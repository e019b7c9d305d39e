/**
 * The one shape of every in-memory cache that store change notices invalidate (docs/storage.md "Change notices"):
 * - a subscription to the topics that concern it; a notice drops the entry it names, or everything for
 *   EVERY_RESOURCE (or whatever `invalidate` says);
 * - an epoch guard: a value loaded while a notice of those topics arrived serves its own request but is not
 *   kept, so a stale read can never outlive the notice that made it stale;
 * - a bound: least recently used entries go first (crypto/lru.ts);
 * - misses (undefined) are never cached, so a flood of unknown ids neither grows memory nor evicts real entries,
 *   and a resource created by another process is found at once.
 */
import { Lru } from '../crypto/lru.js'
import { EVERY_RESOURCE, type ChangeTopic, type Store } from '../store/store.js'

export interface NoticeCacheOptions<K, V> {
  /** The change topics whose notices concern this cache. */
  topics: readonly ChangeTopic[]
  /** Most entries kept. */
  capacity: number
  /** What a notice drops; by default the entry keyed by the notice's id, or every entry for EVERY_RESOURCE. */
  invalidate?: (cache: NoticeCache<K, V>, topic: ChangeTopic, id: string) => void
  /** Called for every entry that leaves: evicted, invalidated, replaced or cleared. */
  onDrop?: (key: K, value: V) => void
}

export class NoticeCache<K, V> {
  readonly #lru: Lru<K, V>
  readonly #onDrop: ((key: K, value: V) => void) | undefined
  readonly #unsubscribe: () => void
  #epoch = 0

  constructor(store: Pick<Store, 'subscribe'>, opts: NoticeCacheOptions<K, V>) {
    this.#onDrop = opts.onDrop
    this.#lru = new Lru<K, V>(opts.capacity, opts.onDrop)
    const topics = new Set<ChangeTopic>(opts.topics)
    const invalidate = opts.invalidate ?? ((cache, _topic, id) => (id === EVERY_RESOURCE ? cache.clear() : cache.delete(id as K)))
    this.#unsubscribe = store.subscribe((topic, id) => {
      if (!topics.has(topic)) return
      this.#epoch += 1
      invalidate(this, topic, id)
    })
  }

  get size(): number {
    return this.#lru.size
  }

  /** The cached value, now most recently used; undefined when absent. */
  get(key: K): V | undefined {
    return this.#lru.get(key)
  }

  /** The cached value without counting it as used. */
  peek(key: K): V | undefined {
    return this.#lru.peek(key)
  }

  /**
   * The cached value, or the one `load` returns. A loaded value is kept only when no notice of this cache's
   * topics arrived while it loaded; undefined is returned and never kept.
   */
  async getOrLoad(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.#lru.get(key)
    if (hit !== undefined) return hit
    const fresh = this.begin()
    const loaded = await load()
    if (loaded !== undefined && fresh()) this.set(key, loaded)
    return loaded
  }

  /**
   * For a load the cache cannot wrap (a value kept inside another entry): call before reading the store; the
   * returned function is true while no notice of this cache's topics has arrived since.
   */
  begin(): () => boolean {
    const seen = this.#epoch
    return () => seen === this.#epoch
  }

  /** Stores a value unconditionally (the caller checked freshness). */
  set(key: K, value: V): void {
    const previous = this.#lru.peek(key)
    this.#lru.set(key, value)
    if (previous !== undefined && previous !== value) this.#onDrop?.(key, previous)
  }

  delete(key: K): void {
    const previous = this.#lru.peek(key)
    if (previous === undefined) return
    this.#lru.delete(key)
    this.#onDrop?.(key, previous)
  }

  /** Drops every entry; loads running now are not kept either. */
  clear(): void {
    this.#epoch += 1
    const all = [...this.#lru.entries()]
    this.#lru.clear()
    if (this.#onDrop) for (const [key, value] of all) this.#onDrop(key, value)
  }

  /** The entries, least recently used first (a copy: the caller may delete while iterating). */
  entries(): Array<[K, V]> {
    return [...this.#lru.entries()]
  }

  /** Stops listening to the store's change notices. */
  close(): void {
    this.#unsubscribe()
  }
}
