// Runs once per `vitest run`, before any test file: the work every file used to repeat for itself.
import { ensureBuild } from '../../scripts/build-state';
import { ensurePgliteTemplate, ensurePgTemplate } from '../helpers/template-db';

export default async function setup(): Promise<void> {
  // The router bundle for the HTTP tests (skipped when build/ already matches the sources).
  ensureBuild();
  await ensurePgliteTemplate();
  if (process.env.TEST_DATABASE_URL) await ensurePgTemplate(process.env.TEST_DATABASE_URL);
}
