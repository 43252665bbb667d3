// What a synced sheet is bound to: the Zoho org it was set up with (a sheet made from org A never
// reads from or writes to org B, whoever is connected), and the tab it was set up on (a duplicated
// tab carries the original's definition and record ids, and must not sync the same records as a
// second copy). Definitions from before either was recorded adopt them on their first sync.

import type { SyncDefinition } from './definition';

export interface OrgRef {
  /** Zoho's org id (GET /org). */
  id: string;
  /** The company name, for messages. */
  name?: string;
  /** The data center's label (US, EU, …), for messages. */
  dc?: string;
}

export type Binding =
  | { ok: true; adopted: Partial<Pick<SyncDefinition, 'org' | 'sheetId'>> | null }
  | { ok: false; code: 'SYNC_OTHER_ORG' | 'SYNC_SHEET_COPY'; message: string };

function describeOrg(org: OrgRef): string {
  const name = org.name ? `"${org.name}"` : `org ${org.id}`;
  return org.dc ? `${name} (${org.dc} data center)` : name;
}

/** The message for a sheet of another org than the one connected. */
export function otherOrgMessage(sheetName: string, bound: OrgRef, connected: OrgRef): string {
  return `Sheet "${sheetName}" is synced with the Zoho org ${describeOrg(bound)}, but you are connected to ${describeOrg(connected)}. `
    + `Nothing was read from or written to Zoho for this sheet. To sync it, Disconnect in the sidebar and Connect with your account in ${describeOrg(bound)}; `
    + `to work with ${describeOrg(connected)}, add a new sheet for it.`;
}

/**
 * Checks one synced sheet before anything of it is read from or written to Zoho.
 * @param sheetId the id of the tab the definition sits on now
 * @param originalSheetName the name of another tab of this spreadsheet with the definition's sheetId, if any
 */
export function checkBinding(definition: SyncDefinition, sheetName: string, sheetId: number, originalSheetName: string | null, connected: OrgRef): Binding {
  if (definition.sheetId !== undefined && definition.sheetId !== sheetId && originalSheetName !== null) {
    return {
      ok: false,
      code: 'SYNC_SHEET_COPY',
      message: `Sheet "${sheetName}" is a copy of the synced sheet "${originalSheetName}": its rows are linked to the same Zoho records, so it is not synced and nothing of it is sent. `
        + `To keep it as a plain copy, remove its sync in the sidebar (Remove on its card); to work on the records, use "${originalSheetName}".`,
    };
  }
  if (definition.org && definition.org.id !== connected.id) {
    return { ok: false, code: 'SYNC_OTHER_ORG', message: otherOrgMessage(sheetName, definition.org, connected) };
  }
  const adopted: Partial<Pick<SyncDefinition, 'org' | 'sheetId'>> = {};
  // Set up before orgs were recorded: the first user who syncs it gives it their org, once.
  if (!definition.org) adopted.org = connected;
  // Set up before tabs were recorded, or a copy whose original is gone: this tab is now the sheet.
  if (definition.sheetId !== sheetId) adopted.sheetId = sheetId;
  return { ok: true, adopted: Object.keys(adopted).length ? adopted : null };
}

/**
 * Why a schedule run as a user connected to `connected` would sync nothing in this spreadsheet:
 * every synced sheet that has an org is another org's (its runs would refuse each sheet, every
 * time, and a take-over would retire a schedule that works). Null when a sheet is this org's, or
 * one has no org yet (its first sync adopts one).
 */
export function scheduleOrgProblem(sheets: ReadonlyArray<{ name: string; org?: OrgRef }>, connected: OrgRef): string | null {
  if (!sheets.length || sheets.some((s) => !s.org || s.org.id === connected.id)) return null;
  const first = sheets[0]!;
  return `Sheet "${first.name}" is synced with the Zoho org ${describeOrg(first.org!)}, but you are connected to ${describeOrg(connected)}. `
    + `A schedule syncs as its owner's Zoho account, so yours would sync none of this spreadsheet's sheets; the schedule was not changed. `
    + `To run it, Disconnect in the sidebar and Connect with your account in ${describeOrg(first.org!)}.`;
}
