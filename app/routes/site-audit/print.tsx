// Printable report of one organisation's site audit: the result page's data, laid out for paper.
import { useLoaderData } from 'react-router';
import { AuditResultView, type ResultData } from './result';

export { loader, meta } from './result';

export default function SiteAuditPrint() {
  return <AuditResultView data={useLoaderData() as ResultData} printable />;
}
