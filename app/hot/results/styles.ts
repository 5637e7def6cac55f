// The portal's stylesheet, inlined in every page: there is no client bundle to link it from. The kit's
// tokens, focus style and error summary (app/ui/tokens.css) first, then the portal's own layout.
import { TOKENS_CSS } from '../../ui/tokens.server';

export const CSS =
  TOKENS_CSS +
  `
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:10}
header{border-bottom:1px solid #c8ccd2;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header .brand{font-weight:700;color:#1a1a1a;text-decoration:none}main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25}table{border-collapse:collapse;margin:.5rem 0 1.5rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c8ccd2;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#eef1f5}td.num{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}.type{display:block;font-weight:400;font-size:.875rem;color:#444}.flag,.tie{font-size:.875rem;color:#5c3c00}
.insufficient{font-style:italic;color:#444}.notice{border-left:4px solid var(--accent);padding:.25rem .75rem;margin:1rem 0;background:#f3f6fb}.notice.warn{border-color:#8a5300;background:#fff8e6}
.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;margin:1rem 0}.filters label{display:flex;flex-direction:column;gap:.25rem;max-width:100%;margin:0}.filters select{max-width:100%}
select,input,button{padding:.4rem .5rem;min-height:44px}
.pager{display:flex;gap:1rem;align-items:center;margin-bottom:1rem}.chart-pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart-pair svg{max-width:100%;height:auto}
.plain{padding-left:1.2rem}.big{font-size:1.15rem}.crumbs{margin:0}pre{white-space:pre-wrap;background:#f6f7f9;padding:.75rem}
body.contrast{font-size:1.375rem;line-height:1.6;background:#fff;color:#000}body.contrast a{color:#00008b;text-decoration:underline;text-decoration-thickness:2px}
body.contrast th,body.contrast td{border-color:#000}body.contrast thead th{background:#fff;border-bottom-width:3px}body.contrast .type,body.contrast .flag,body.contrast .tie,body.contrast .insufficient{color:#000}
@media (max-width:40rem){.results-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.results-table,.results-table tbody{display:block}.results-table tr{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.1rem .5rem;border:1px solid #c8ccd2;border-radius:.25rem;padding:.5rem;margin-bottom:.75rem}
.results-table th,.results-table td{display:block;border:0;padding:.1rem 0}.results-table th[scope=row],.results-table td.wide{grid-column:1/-1}
.results-table caption{display:block}.results-table td{min-width:0;overflow-wrap:anywhere;hyphens:auto}.results-table td[data-label]::before{content:attr(data-label) ": ";font-weight:600}.results-table td.num{text-align:left;white-space:normal}.scroll{overflow-x:visible}}
body.contrast .notice{background:#fff;border-color:#000}body.contrast button{background:#000;border-color:#000}body.contrast select,body.contrast input{border:2px solid #000}
`;
