// The sidebar's "Keep mine" / "Take Zoho's" for one conflict row.

import { numberFormatFor } from '../core/cells/record-codec';
import { ConfigError } from '../core/errors';
import { keepMyVersion, requireConflict, takeZohoVersion } from '../core/sync/conflicts';
import { columnRuns, findLayout } from '../core/sync/layout';
import { fieldListKey } from '../core/sync/pull';
import { formatRowMeta, parseRowMeta } from '../core/sync/row-meta';
import type { ZohoField } from '../core/zoho/wire';
import { sheetGrid } from './sheet-grid';
import { readSync } from './sync-store';
import { appsScriptZones } from './zones';

export function resolveRowConflict(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, row: number, choice: 'mine' | 'zoho', moduleFields: ZohoField[]): void {
  const sheet = spreadsheet.getSheetByName(sheetName);
  const stored = sheet ? readSync(sheet) : null;
  if (!sheet || !stored) throw new ConfigError('SYNC_NO_SHEET', `There is no synced sheet named "${sheetName}".`);
  const { definition } = stored;
  const { layout } = findLayout(sheetGrid(sheet), definition, moduleFields);
  const meta = requireConflict(parseRowMeta(sheet.getRange(row, layout.metaColumn).getValue()), row);

  if (choice === 'mine') {
    sheet.getRange(row, layout.metaColumn).setValue(formatRowMeta(keepMyVersion(meta)));
    sheet.getRange(row, layout.statusColumn).setValue('Keeping your version: it is sent to Zoho now.');
    return;
  }
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  const fields = definition.fields.map((name) => byName.get(name)!);
  const taken = takeZohoVersion(fields, meta, fieldListKey(definition.fields), spreadsheet.getSpreadsheetTimeZone(), appsScriptZones());
  for (const run of columnRuns(layout.fieldColumns)) {
    const indexes = run.columns.map((c) => layout.fieldColumns.indexOf(c));
    const range = sheet.getRange(row, run.start, 1, run.columns.length);
    range.setNumberFormats([indexes.map((i) => numberFormatFor(fields[i]!) ?? 'General')]);
    range.setValues([indexes.map((i) => taken.cells[i])]);
  }
  sheet.getRange(row, layout.metaColumn).setValue(formatRowMeta(taken.meta));
  sheet.getRange(row, layout.statusColumn).setValue('Took Zoho\'s version.');
}
