/** A small LRU bounded by entry count and total bytes (Map keeps insertion order). */
export class Lru<E extends { bytes: number }> {
  private map = new Map<string, E>();
  private size = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    /** Told of each entry dropped to make room (not of one replaced or deleted by the owner). */
    private readonly onEvict: (key: string) => void = () => undefined,
  ) {}

  get(key: string): E | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e;
  }

  /** The entry under `key`, without making it the most recently used. */
  peek(key: string): E | undefined {
    return this.map.get(key);
  }

  set(key: string, e: E): void {
    if (e.bytes > this.maxBytes) return;
    this.delete(key);
    this.map.set(key, e);
    this.size += e.bytes;
    while (this.map.size > this.maxEntries || this.size > this.maxBytes) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.map.keys().next().value as string;
    this.delete(oldest);
    this.onEvict(oldest);
  }

  /** Adds bytes to an entry still held (its compressed variants), evicting others if needed. */
  grow(key: string, e: E, extra: number): void {
    if (this.map.get(key) !== e) return;
    e.bytes += extra;
    this.size += extra;
    while (this.size > this.maxBytes && this.map.size > 0) this.evictOldest();
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.size -= e.bytes;
    this.map.delete(key);
  }

  get stats() {
    return { entries: this.map.size, bytes: this.size };
  }
}
