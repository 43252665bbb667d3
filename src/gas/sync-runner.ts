// Runs the sync of one spreadsheet: one at a time per document, every synced sheet in tab order,
// and a continuation scheduled when the execution runs short of time.

import { SyncError } from '../core/errors';
import { runPull, type PullCounts } from '../core/sync/pull';
import { ZohoRecordSource } from '../core/zoho/records';
import { executionBudget } from './execution';
import { sheetGrid, workbookCells } from './sheet-grid';
import { stateStore, syncedSheets } from './sync-store';
import { clearContinuation, scheduleContinuation } from './triggers';
import { zohoApi } from './zoho-api';
import { sharedUserLock } from './zoho-auth';
import { appsScriptZones } from './zones';

const LOCK_WAIT_MS = 10000;

export interface SheetOutcome {
  sheet: string;
  module: string;
  counts: PullCounts;
  warnings: string[];
}

export interface SyncSummary {
  sheets: SheetOutcome[];
  /** True when time ran out and a follow-up execution will continue. */
  continuing: boolean;
}

/**
 * The lock that keeps a scheduled and a manual sync of one document apart. The document lock exists
 * whenever the add-on runs inside the document; a scheduled run has none, so it takes the user lock.
 */
function syncLock(): GoogleAppsScript.Lock.Lock {
  return LockService.getDocumentLock() ?? sharedUserLock();
}

export function syncSpreadsheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): SyncSummary {
  const lock = syncLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    throw new SyncError('SYNC_BUSY', 'Another sync of this spreadsheet is running. It will finish on its own; try again in a minute.');
  }
  try {
    const api = zohoApi();
    const zones = appsScriptZones();
    const summary: SyncSummary = { sheets: [], continuing: false };
    for (const { sheet, stored } of syncedSheets(spreadsheet)) {
      const outcome = runPull(stored.definition, {
        source: new ZohoRecordSource(api.client),
        grid: sheetGrid(sheet),
        state: stateStore(sheet),
        fields: api.metadata.fields(stored.definition.module),
        budget: executionBudget,
        zones,
        now: () => Date.now(),
        workbookCells: () => workbookCells(spreadsheet),
      });
      summary.sheets.push({ sheet: sheet.getName(), module: stored.definition.module, counts: outcome.counts, warnings: outcome.warnings });
      if (outcome.status === 'paused') {
        summary.continuing = true;
        break;
      }
    }
    if (summary.continuing) scheduleContinuation(spreadsheet);
    else clearContinuation(spreadsheet.getId());
    SpreadsheetApp.flush();
    return summary;
  } finally {
    lock.releaseLock();
  }
}

/** One line for a toast or the sidebar: what the sync did. */
export function describeSummary(summary: SyncSummary): string {
  if (!summary.sheets.length) return 'No sheet is set up to sync yet. Open the sidebar to pick a Zoho module.';
  const parts = summary.sheets.map((s) => {
    const c = s.counts;
    const bits = [`${c.inserted} new`, `${c.updated} updated`];
    if (c.deleted) bits.push(`${c.deleted} deleted`);
    if (c.conflicts) bits.push(`${c.conflicts} conflicts`);
    return `${s.sheet}: ${bits.join(', ')}`;
  });
  return `${parts.join('; ')}${summary.continuing ? '. Still running: the rest follows in a minute.' : '.'}`;
}
