// The server/client wall as a build error (decision 0060). React Router already refuses `*.server.*`
// modules and `.server/` folders that a route's client code still needs; this plugin also refuses, in the
// browser build only, everything that is server code by nature whatever its file name: Node built-ins,
// the database and its schema, the config, the HTTP server, and packages that only run on Node.
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const builtins = new Set(builtinModules);

const serverPaths: { test: RegExp; what: string }[] = [
  { test: /\/src\/db\//, what: 'the database layer (src/db)' },
  { test: /\/src\/config\//, what: 'the server configuration (src/config)' },
  { test: /\/app\/(server|api|hot)\//, what: 'the Hono server (app/server, app/api, app/hot)' },
  { test: /\/cli\//, what: 'the command line (cli/)' },
  { test: /\.server\.[cm]?[jt]sx?$|\/\.server\//, what: 'a server-only module' },
  {
    test: /\/node_modules\/(drizzle-orm|pg|pg-[a-z-]+|@electric-sql|pino[a-z-]*|nodemailer|undici|exceljs|pdfmake|archiver|tar-stream|qrcode|echarts|cheerio|iconv-lite|csv-parse|hono|@hono|@react-router\/node)\//,
    what: 'a package that only runs on the server',
  },
];

export function serverOnlyWall(): Plugin {
  return {
    name: 'noko:server-only-wall',
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.name === 'client',
    resolveId(source, importer) {
      const bare = source.startsWith('node:') ? source.slice(5) : source;
      if (source.startsWith('node:') || builtins.has(bare)) {
        this.error(
          `«${source}» (Node) is imported by ${importer ?? 'an entry'}, which the browser bundle includes. Move the code that needs it to a *.server.ts module used only by loaders and actions.`,
        );
      }
      return null;
    },
    load(id) {
      const path = id.split('?')[0] ?? id;
      const hit = serverPaths.find((p) => p.test.test(path));
      if (hit) {
        this.error(
          `${path} is ${hit.what} and would be shipped to the browser. Import it only from loaders/actions, and take labels and constants from a client-safe module.`,
        );
      }
      return null;
    },
  };
}
