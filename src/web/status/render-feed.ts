// The client's notices as an RSS 2.0 feed, newest first. Text is escaped like HTML (the entities
// used are valid XML) and stripped of control characters XML 1.0 cannot carry.

import type { ClientNotice } from '../../app/status-page/status-page-view.js';
import type { NoticeKind } from '../../domain/protocol/case-files.js';
import { escapeHtml } from '../../domain/templates/escapers.js';
import { noticeSentence } from './render-status-page.js';

const KIND_TEXT: Record<NoticeKind, string> = {
  'heads-up': 'Heads-up',
  breach: 'Incident',
  update: 'Update',
  resolution: 'Resolved',
};

const x = escapeHtml;

export function renderFeed(input: {
  clientName: string;
  timeZone: string;
  /** The page the feed belongs to: absolute when the server knows its public URL. */
  pageUrl: string;
  notices: readonly ClientNotice[];
  builtAtMs: number;
}): string {
  const items = input.notices.map(
    (n) => `<item>
<title>${x(`${KIND_TEXT[n.kind]}: ${n.caseTitle}`)}</title>
<description>${x(noticeSentence(n, input.timeZone))}</description>
<category>${x(n.serviceName)}</category>
<pubDate>${new Date(n.sentAtMs).toUTCString()}</pubDate>
<guid isPermaLink="false">${x(`${n.caseKind}:${n.caseId}:notice:${n.id}`)}</guid>
</item>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>${x(`${input.clientName} status notices`)}</title>
<link>${x(input.pageUrl)}</link>
<description>${x(`The notices ${input.clientName} receives about its service levels.`)}</description>
<lastBuildDate>${new Date(input.builtAtMs).toUTCString()}</lastBuildDate>
<ttl>1</ttl>
${items.join('')}</channel>
</rss>
`;
}
