// Monthly SLA reports for the team and the client's own users: /reports/:clientId/:month as HTML,
// with .csv and .pdf beside it. A closed month is served from its frozen copy.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { reportDocuments } from '../../app/reports/monthly-report.js';
import { NOT_FOUND_PAGE, renderMessagePage } from '../status/message-page.js';
import { html } from '../html.js';
import { pageHeaders } from '../status/page-headers.js';
import type { Viewer } from '../viewer.js';
import { canSeeClient } from '../access.js';
import { DEFAULT_CHROMIUM_PATH, PdfRenderer } from './pdf-renderer.js';
import { REPORT_CSS } from './report-css.js';
import { REPORT_CSS_LINK, renderReportCsv, renderReportHtml } from './render-report.js';

export interface ReportOptions {
  /** The Chromium the PDF is printed with; Debian's by default. */
  chromiumPath?: string;
}

const MONTH_FILE = /^(\d{4}-\d{2})(?:\.(csv|pdf|html))?$/;

/** Team members, and the client's own users; never a status link or an anonymous visitor. */
function mayRead(viewer: Viewer | null, clientId: string): boolean {
  if (viewer === null || viewer.kind === 'status-link') return false;
  return canSeeClient(viewer, clientId);
}

export function registerReports(
  app: FastifyInstance,
  ctx: AppContext,
  options: ReportOptions = {},
): void {
  void app.register(async (scope) => {
    const pdf = new PdfRenderer(options.chromiumPath ?? DEFAULT_CHROMIUM_PATH);
    scope.addHook('onClose', () => pdf.close());
    scope.setErrorHandler((err, request, reply) => {
      const known = err instanceof AppError ? err : undefined;
      if (known === undefined || known.status >= 500) {
        ctx.logger.error({ err, url: request.url }, 'report failed');
      }
      if (known?.status === 404) return notFound(reply);
      const status = known?.status ?? 500;
      return reply
        .code(status)
        .headers(pageHeaders(false))
        .type('text/html; charset=utf-8')
        .send(
          renderMessagePage(
            'No report',
            known === undefined
              ? 'Something went wrong; try again in a minute.'
              : html`<p>${known.message}</p>`,
          ),
        );
    });

    scope.get('/reports/report.css', async (_request, reply) =>
      reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(REPORT_CSS),
    );

    scope.get<{ Params: { clientId: string; month: string } }>(
      '/reports/:clientId/:month',
      async (request: FastifyRequest<{ Params: { clientId: string; month: string } }>, reply) => {
        const { clientId } = request.params;
        const match = MONTH_FILE.exec(request.params.month);
        if (
          !mayRead(request.viewer ?? null, clientId) ||
          ctx.engine.runtime?.clientById.get(clientId) === undefined
        ) {
          return notFound(reply);
        }
        if (match === null) {
          throw new AppError('E_VALIDATION', 'The report address names no month.', {
            problems: [
              {
                field: 'month',
                value: request.params.month,
                expected: 'YYYY-MM, YYYY-MM.csv or YYYY-MM.pdf',
              },
            ],
          });
        }
        const [, month = '', format = 'html'] = match;
        const docs = await reportDocuments(ctx, clientId, month, (report) => ({
          html: renderReportHtml(report),
          csv: renderReportCsv(report),
        }));
        void reply.headers(pageHeaders(false)).header('x-report-frozen', String(docs.frozen));
        const file = `${clientId}-${month}`.replace(/[^A-Za-z0-9._-]/g, '_');
        if (format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${file}.csv"`)
            .send(docs.csv);
        }
        if (format === 'pdf') {
          const bytes = await pdf.render(
            docs.html.replace(REPORT_CSS_LINK, `<style>${REPORT_CSS}</style>`),
          );
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${file}.pdf"`)
            .send(bytes);
        }
        return reply.type('text/html; charset=utf-8').send(docs.html);
      },
    );
  });
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .headers(pageHeaders(false))
    .type('text/html; charset=utf-8')
    .send(NOT_FOUND_PAGE);
}
