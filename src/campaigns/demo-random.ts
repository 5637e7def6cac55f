/** A seeded generator (mulberry32) so that every demo database tells the same story. */
export function demoRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An organisation of the demo as the per-room seeders see it: how good it is decides its answers. */
export type DemoOrganisation = {
  id: string;
  type: 'preschool' | 'school' | 'college' | 'additional';
  shortName: string;
  recipients: number;
  website: string | null;
  quality: number;
};
