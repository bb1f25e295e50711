// The report's stylesheet: served as /reports/report.css for the HTML, inlined for the PDF.

export const REPORT_CSS = `:root{--line:#d0d7de;--muted:#57606a;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff}
body{max-width:62rem;margin:0 auto;padding:1.5rem 1rem 3rem;line-height:1.45;font-size:14px}
h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.3rem}
h3{font-size:1.02rem;margin:1.2rem 0 .3rem}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;padding:.3rem .45rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.calc{margin:.2rem 0 .2rem 1rem;color:#24292f}
.total{font-weight:700}
.badge{display:inline-block;border:1px solid var(--line);border-radius:.3rem;padding:0 .35rem;font-size:.8rem}
ol.notices{padding-left:1.2rem}ol.notices li{margin:.3rem 0}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,.incident{break-inside:avoid}}
`;
