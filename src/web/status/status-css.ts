// The status page's own stylesheet, served as /status/status.css (the CSP allows styles from
// 'self' only, so nothing is inline).

export const STATUS_CSS = `:root{--ok:#1a7f37;--degraded:#b35900;--outage:#c62828;--muted:#5f6b7a;--line:#d8dee4;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff}
body{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
.muted,small{color:var(--muted)}
.banner{padding:.9rem 1rem;border-radius:.4rem;font-weight:600;color:#fff;margin:1rem 0}
.banner.no-data{background:var(--muted)}.banner.operational{background:var(--ok)}.banner.degraded{background:var(--degraded)}.banner.outage{background:var(--outage)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;color:#fff}
.pill.no-data{background:var(--muted)}.pill.operational{background:var(--ok)}.pill.degraded{background:var(--degraded)}.pill.outage{background:var(--outage)}
.days{display:flex;gap:1px;margin:.3rem 0 .1rem}.day{flex:0 0 0;height:1.6rem;border-radius:1px}
.day.no-data{background:var(--line)}.day.operational{background:var(--ok)}.day.degraded{background:var(--degraded)}.day.outage{background:var(--outage)}
.axis{display:flex;justify-content:space-between;font-size:.8rem;color:var(--muted)}
.case{border:1px solid var(--line);border-radius:.4rem;padding:.6rem .9rem;margin:.8rem 0}
.notice{border-left:3px solid var(--line);padding:.2rem .8rem;margin:.5rem 0}
.notice p{margin:.2rem 0}
form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
input[type=email]{padding:.4rem;min-width:16rem;border:1px solid var(--line);border-radius:.3rem}
button{padding:.4rem .9rem;border:0;border-radius:.3rem;background:#0969da;color:#fff;font-weight:600}
footer{margin-top:3rem;font-size:.85rem;color:var(--muted)}
.viewer-bar{display:flex;gap:.35rem;flex-wrap:wrap;align-items:center;justify-content:flex-end;font-size:.9rem;color:var(--muted);margin-bottom:.5rem}
.viewer-bar form{display:inline}button.link{background:none;color:#0969da;padding:0;font-weight:400;text-decoration:underline;cursor:pointer}
${Array.from({ length: 90 }, (_, i) => `.w${i + 1}{flex-grow:${i + 1}}`).join('')}
`;
