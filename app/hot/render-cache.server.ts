// The hot pages' shared HTTP caching pieces: a bounded LRU of rendered pages (or their parts) and the
// If-None-Match test. The results portal keys it on a snapshot's content hash (decision 0052), the public
// plan page on its plan's version stamp (decision 0087).

/** If-None-Match with weak comparison (a compressing proxy may have weakened the tag), lists and «*». */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/** A small least-recently-used map: a hit moves to the end, the oldest entries go beyond `max`. */
export class RenderCache<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max = 500) {}
  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (hit !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: V) {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
  }
}
