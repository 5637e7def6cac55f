// Runs once per `vitest run`, before any test file: the work every file used to repeat for itself.
import { ensureBuild } from '../../scripts/build-state';
import { TEST_BUILD_DIR } from '../helpers/build';
import { ensurePgliteTemplate, ensurePgTemplate } from '../helpers/template-db';

export default async function setup(): Promise<void> {
  // The router bundle for the HTTP tests, in build-test/ (skipped when it already matches the sources).
  process.env.NOKO_BUILD_DIR = TEST_BUILD_DIR;
  ensureBuild();
  await ensurePgliteTemplate();
  if (process.env.TEST_DATABASE_URL) await ensurePgTemplate(process.env.TEST_DATABASE_URL);
}
