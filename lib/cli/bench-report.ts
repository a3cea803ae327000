/** The benchmark's pure arithmetic and formatting, kept apart so that a unit test can check it. */

/** The spread of one path's throughput over several rounds. */
export function summariseRounds(values: number[]): { min: number; median: number; max: number } {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const at = (index: number) => sorted[index] ?? 0;
  const median = sorted.length % 2 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
  return { min: at(0), median, max: at(sorted.length - 1) };
}

/** The value at quantile `q` (0..1) of an ascending list, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export interface BudgetRow {
  name: string;
  measured: number | null;
  unit: string;
  target: number;
  /** Whether the target is a floor (throughput ratio) rather than a ceiling. */
  atLeast?: boolean;
  note?: string;
}

export function meetsTarget(row: BudgetRow): boolean | null {
  if (row.measured === null || Number.isNaN(row.measured)) return null;
  return row.atLeast ? row.measured >= row.target : row.measured <= row.target;
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A Markdown table of the budget: what was measured, the target, and whether it is met. */
export function budgetTable(rows: BudgetRow[]): string {
  const lines = ["| measure | measured | target | met |", "| --- | ---: | ---: | :---: |"];
  for (const row of rows) {
    const met = meetsTarget(row);
    const measured = row.measured === null ? `n/a${row.note ? ` (${row.note})` : ""}` : `${formatNumber(row.measured)} ${row.unit}`;
    lines.push(`| ${row.name} | ${measured} | ${row.atLeast ? "≥" : "≤"} ${row.target} ${row.unit} | ${met === null ? "–" : met ? "✓" : "✗"} |`);
  }
  return lines.join("\n");
}

/**
 * The JavaScript a browser downloads on first load of an App Router page: the runtime every page shares
 * (`rootMainFiles` of the build manifest) plus the chunks of the page's layouts and page module (the
 * `entryJSFiles` of its client reference manifest), each counted once.
 */
export function firstLoadFiles(rootMainFiles: string[], entryJSFiles: Record<string, string[]>): string[] {
  return [...new Set([...rootMainFiles, ...Object.values(entryJSFiles).flat()])];
}

/** The scripts a served HTML page loads: the `src` of each external script, and the text of each inline one. */
export function pageScripts(html: string): { sources: string[]; inline: string[] } {
  const sources: string[] = [];
  const inline: string[] = [];
  for (const [, attributes = "", text = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\btype="application\/(?:ld\+)?json"/i.test(attributes)) continue; // data, not code
    const source = /\bsrc="([^"]+)"/i.exec(attributes)?.[1];
    if (source) sources.push(source);
    else if (text.trim()) inline.push(text);
  }
  return { sources, inline };
}

/** Marks the lines in which a bench server answers the benchmark, so that a log line (JSON too) is never taken for one. */
export const REPLY_PREFIX = "bench-reply ";
