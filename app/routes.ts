import type { RouteConfig } from '@react-router/dev/routes';
import auditLog from './routes/audit-log/routes';
import auth from './routes/auth/routes';
import calendar from './routes/calendar/routes';
import campaigns from './routes/campaigns/routes';
import checklists from './routes/checklists/routes';
import council from './routes/council/routes';
import downloads from './routes/downloads/routes';
import documents from './routes/documents/routes';
import plans from './routes/plans/routes';
import publicPages from './routes/public/routes';
import registry from './routes/registry/routes';
import results from './routes/results/routes';
import siteAudit from './routes/site-audit/routes';
import start from './routes/start/routes';
import survey from './routes/survey/routes';
import voice from './routes/voice/routes';

// Each room lists its own pages (app/routes/<room>/routes.ts, decision 0063); this file only composes them.
// URLs do not depend on the order: React Router ranks routes by specificity.
export default [
  ...publicPages,
  ...auth,
  ...auditLog,
  ...registry,
  ...campaigns,
  ...start,
  ...checklists,
  ...siteAudit,
  ...results,
  ...survey,
  ...calendar,
  ...council,
  ...voice,
  ...plans,
  ...downloads,
  ...documents,
] satisfies RouteConfig;
