/**
 * `npm run bench -- --write-docs`: the report the benchmark prints also goes into
 * docs/benchmark.md, between REPORT_START and REPORT_END, so the figures there are generated
 * output and never edited by hand.
 */
import { format } from 'node:util';

export const WRITE_DOCS_FLAG = '--write-docs';
export const REPORT_START = '<!-- bench:report -->';
export const REPORT_END = '<!-- /bench:report -->';

/** The report's headings one level down, under the page's own title. */
export function demoteHeadings(report: string): string {
  return report.replace(/^(#{1,5}) /gm, '#$1 ');
}

/** `page` with the block between the markers replaced by `report`. */
export function withReport(page: string, report: string): string {
  const from = page.indexOf(REPORT_START);
  const to = page.indexOf(REPORT_END);
  if (from < 0 || to < from) {
    throw new Error(`docs/benchmark.md has no ${REPORT_START} … ${REPORT_END} block.`);
  }
  const block = demoteHeadings(report.trim());
  return `${page.slice(0, from + REPORT_START.length)}\n\n${block}\n\n${page.slice(to)}`;
}

/**
 * Keeps every console.log line from now until `stop`, still printing it. A section that mutes
 * the console for a while (the load section) restores this recorder afterwards.
 */
export function recordConsoleLog(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const print = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(format(...args));
    print(...args);
  };
  return {
    lines,
    stop: () => {
      console.log = print;
    },
  };
}
