// Screen layout as a pure function of the terminal size, so every size is testable without a terminal.
// The frame is one row shorter than the terminal: a frame as tall as the terminal makes Ink 6 clear the whole
// screen and scrollback on every frame (ink-terminal-notes §1.3).
//
// Top to bottom: status line (1), meters (4), graphs (G), process table (header + R rows),
// kernel log | command log side by side (title + L), caption (1-3 rows, only with a scenario), footer (1).
// Shrink order when rows run out (stated in the README): the extra graph rows and log lines go first, then the
// process table goes down to 3 rows, then the logs to 2 lines; at the 60x16 minimum everything still has a place
// (a 1-row graph, 2 log lines, 3 process rows). Growth is the reverse: process rows up to 9, then graphs (up to 6
// rows), logs (up to 10 lines) and process rows share the rest. Width: below 72 columns the USER column goes,
// below 66 SHR; the reclaim line and the Mem legend use shorter wording when narrow.

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

export interface Layout {
  columns: number;
  /** Rows of the frame (terminal rows - 1). */
  height: number;
  tooSmall: boolean;
  statusRows: number;
  meterRows: number;
  graphRows: number;
  /** Process rows, not counting the table's header line. */
  tableRows: number;
  /** Lines of each log panel, not counting its title line; 0 hides the panels. */
  logLines: number;
  captionRows: number;
  footerRows: number;
}

const STATUS_ROWS = 1;
const METER_ROWS = 4;
const TABLE_HEADER = 1;
const FOOTER_ROWS = 1;
const MIN_TABLE_ROWS = 3;
const LOG_TITLE = 1;

export function computeLayout(columns: number, rows: number, wantedCaptionRows: number): Layout {
  const height = Math.max(0, rows - 1);
  // A long caption may take up to 3 rows, fewer on short terminals.
  const captionRows = Math.min(wantedCaptionRows, rows >= 24 ? 3 : rows >= 20 ? 2 : 1);
  const base: Layout = {
    columns, height, tooSmall: false, statusRows: STATUS_ROWS, meterRows: METER_ROWS, graphRows: 0,
    tableRows: MIN_TABLE_ROWS, logLines: 0, captionRows, footerRows: FOOTER_ROWS,
  };
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { ...base, tooSmall: true };

  let budget = height - STATUS_ROWS - METER_ROWS - TABLE_HEADER - FOOTER_ROWS - captionRows - MIN_TABLE_ROWS;
  let logLines = 0;
  let graphRows = 0;
  let tableRows = MIN_TABLE_ROWS;
  const take = (wanted: number): number => {
    const got = Math.max(0, Math.min(wanted, budget));
    budget -= got;
    return got;
  };
  if (budget >= LOG_TITLE + 2) logLines = take(LOG_TITLE + 2) - LOG_TITLE;
  graphRows = take(1);
  if (logLines > 0) logLines += take(2);
  tableRows += take(6);
  const share = Math.floor(budget / 4);
  if (graphRows > 0) graphRows += take(Math.min(5, share));
  if (logLines > 0) logLines += take(Math.min(6, share));
  tableRows += take(budget);
  return { ...base, graphRows, tableRows, logLines };
}

export function tooSmallMessage(columns: number, rows: number): string {
  return `terminal too small (${columns}x${rows}), need ${MIN_COLUMNS}x${MIN_ROWS}`;
}
