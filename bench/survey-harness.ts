// Starting and stopping bench/survey-server.ts as a child process: shared by the survey bench and the
// durability test (test/survey/durability.test.ts), which both need a real server process to kill.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type SurveySeed = {
  campaignId: string;
  codes: string[];
  secret: string;
  /** Citizens' voice of the same territory: /golos codes, the territory's secret and the questionnaire's stream id. */
  voice?: { codes: string[]; secret: string; streamId: string; territoryId: string };
};
export type SurveyServer = { child: ChildProcess; port: number; seeded: SurveySeed | null; engine?: string };

let portCounter = 40_000 + Math.floor(Math.random() * 10_000);

/**
 * `app`: the real Hono app on the database named by `env` (DATA_DIR or DATABASE_URL); `bare`: a bare
 * node:http endpoint. `seed` creates a campaign with 20 organisations and returns their questionnaire codes.
 */
export async function startSurveyServer(
  mode: 'app' | 'bare',
  env: Record<string, string>,
  seed: boolean,
  sessionSecret: string,
): Promise<SurveyServer> {
  const port = portCounter++;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'survey-server.ts'),
      mode,
      String(port),
      ...(seed ? ['--seed'] : []),
    ],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', SESSION_SECRET: sessionSecret, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the server exited before it was ready (${code})`)));
  });
  const info = JSON.parse(line) as { seeded: SurveySeed | null; engine?: string };
  return { child, port, seeded: info.seeded, engine: info.engine };
}

export function stopSurveyServer(s: SurveyServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}
