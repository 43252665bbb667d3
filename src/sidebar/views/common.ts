// Pieces more than one view shows: per-sheet pull and push lines, and the list of rows that need
// attention with their "Row 12" buttons.

import type { PushSummary, RowIssue, SheetSyncSummary } from '../../shared/rpc';
import { button, ellipsis, h, type Child } from '../dom';
import { pullSummaryLine, pushSummaryLine, rowLabel } from '../format';
import { call } from '../rpc';
import { isBusy, track } from '../state';

export function pulledList(sheets: readonly SheetSyncSummary[]): Child {
  if (!sheets.length) return null;
  return h('ul', { className: 'plain summary-list', 'aria-label': 'Pulled from Zoho' },
    sheets.map((s) => h('li', null,
      h('div', { className: 'row-line' }, ellipsis(s.sheet, 'strong'), h('span', { className: 'muted nowrap' }, `from ${s.module}`)),
      h('div', null, pullSummaryLine(s)),
      s.warnings.length ? h('ul', { className: 'warnings' }, s.warnings.map((w) => h('li', null, w))) : null)));
}

export function pushedList(pushed: readonly PushSummary[]): Child {
  if (!pushed.length) return null;
  return h('ul', { className: 'plain summary-list', 'aria-label': 'Pushed to Zoho' },
    pushed.map((p) => h('li', null,
      h('div', { className: 'row-line' }, ellipsis(p.sheet, 'strong'), h('span', { className: 'muted nowrap' }, 'to Zoho')),
      h('div', null, pushSummaryLine(p)))));
}

export function selectRowKey(issue: RowIssue): string {
  return `select:${issue.sheet}:${issue.recordId ?? issue.row}`;
}

/** Selects the row in the sheet, found by its record where it is now; a failure (sheet renamed, row gone) shows in the banner. */
export function selectRow(issue: RowIssue): void {
  void track(selectRowKey(issue), () => (issue.recordId ? call('selectRow', issue.sheet, issue.row, issue.recordId) : call('selectRow', issue.sheet, issue.row)));
}

export interface IssueListOptions {
  /** Extra controls under one issue (the conflict buttons of the latest result). */
  actions?: (issue: RowIssue) => Child;
  /** Show at most this many until "Show all" is clicked. */
  limit?: number;
  onShowAll?: () => void;
}

const ISSUE_BADGES: Record<RowIssue['kind'], string> = { conflict: 'Conflict', error: 'Error', deleted: 'Deleted in Zoho' };

export function issueList(issues: readonly RowIssue[], options: IssueListOptions = {}): Child {
  if (!issues.length) return null;
  const limit = options.limit ?? issues.length;
  const shown = issues.slice(0, limit);
  return [
    h('ul', { className: 'plain issues' }, shown.map((issue) => h('li', { className: `issue issue-${issue.kind}` },
      h('div', { className: 'row-line' },
        button(rowLabel(issue.row), () => selectRow(issue), {
          className: 'btn link', 'data-key': `${selectRowKey(issue)}`, disabled: isBusy(selectRowKey(issue)),
          'aria-label': `Select ${rowLabel(issue.row)} of sheet ${issue.sheet}`,
        }),
        ellipsis(issue.sheet, 'muted'),
        h('span', { className: `badge ${issue.kind === 'error' ? 'bad' : 'warn'}` }, ISSUE_BADGES[issue.kind])),
      h('div', { className: 'issue-message' }, issue.message),
      options.actions ? options.actions(issue) : null))),
    issues.length > shown.length && options.onShowAll
      ? button(`Show all ${issues.length}`, options.onShowAll, { className: 'btn small', 'data-key': 'show-all-issues' })
      : null,
  ];
}

/** Issues in reading order: by sheet, then row. */
export function sortIssues(issues: readonly RowIssue[]): RowIssue[] {
  return issues.slice().sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet < b.sheet ? -1 : 1));
}

