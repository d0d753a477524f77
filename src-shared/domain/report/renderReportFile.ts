import type { ReportFile, ReportFormat } from '../../contract/recipe.js';
import type { Report } from './Report.js';
import { renderReportHtml } from './renderReportHtml.js';
import { renderReportMarkdown } from './renderReportMarkdown.js';

/** The report as a file to save or download. */
export function renderReportFile(report: Report, format: ReportFormat): ReportFile {
  const base = `headroom-report-${report.probe.id}`;
  switch (format) {
    case 'md':
      return { fileName: `${base}.md`, mimeType: 'text/markdown; charset=utf-8', content: renderReportMarkdown(report) };
    case 'html':
      return { fileName: `${base}.html`, mimeType: 'text/html; charset=utf-8', content: renderReportHtml(report) };
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(report, null, 2)}\n` };
  }
}
