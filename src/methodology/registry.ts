// The registry of methodology versions: every version is validated against the schema once, at load.
import { methodologyVersionSchema } from './types.ts';
import type { MethodologyVersion } from './types.ts';
import { edu2019 } from './versions/edu-2019.ts';

const registry: ReadonlyMap<string, MethodologyVersion> = new Map(
  [edu2019].map((m) => [m.id, methodologyVersionSchema.parse(m) && m]),
);

export const DEFAULT_METHODOLOGY_ID = 'edu-2019';

/** A registered version by id, or undefined. */
export function getMethodology(id: string): MethodologyVersion | undefined {
  return registry.get(id);
}

/** A registered version by id; throws for an unknown id. */
export function requireMethodology(id: string): MethodologyVersion {
  const m = registry.get(id);
  if (!m) throw new Error(`Неизвестная версия методики: ${id}`);
  return m;
}

export function listMethodologies(): { id: string; title: string; validFrom: string; validTo: string | null }[] {
  return [...registry.values()].map(({ id, title, validFrom, validTo }) => ({ id, title, validFrom, validTo }));
}
