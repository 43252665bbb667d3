// The sidebar's "Create again" / "Discard" for a row kept after Zoho deleted its record.

import { ConfigError } from '../core/errors';
import { discardDeletedRow, recreateDeletedRow } from '../core/sync/deleted-rows';
import { findLayout } from '../core/sync/layout';
import type { ZohoField } from '../core/zoho/wire';
import { sheetGrid } from './sheet-grid';
import { readSync } from './sync-store';

/** @returns the row acted on @throws ConfigError */
export function actOnDeletedRow(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, recordId: string, action: 'recreate' | 'discard', moduleFields: ZohoField[]): number {
  const sheet = spreadsheet.getSheetByName(sheetName);
  const stored = sheet ? readSync(sheet) : null;
  if (!sheet || !stored) throw new ConfigError('SYNC_NO_SHEET', `There is no synced sheet named "${sheetName}".`);
  const grid = sheetGrid(sheet);
  const { layout } = findLayout(grid, stored.definition, moduleFields);
  return action === 'recreate' ? recreateDeletedRow(grid, layout, recordId) : discardDeletedRow(grid, layout, recordId);
}
