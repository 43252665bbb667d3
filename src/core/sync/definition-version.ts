// Which definition a sidebar's save was based on: a short fingerprint of what the user sets in the
// editor, and the check that refuses a save made from a view a teammate has changed since.
// Not here: checking the definition against Zoho's fields (definition.ts).

import { fingerprintRow } from '../cells/fingerprint';
import type { SyncDefinition } from './definition';
import { filterKey } from './filter-rules';

/**
 * A fingerprint of the user-set parts of a definition (module, fields in order, view, filter,
 * deleted rows, workflows, match field); the org and tab it is bound to are not the user's choice.
 * Equal definitions give equal versions (the row fingerprint's 53-bit hash).
 */
export function definitionVersion(definition: SyncDefinition): string {
  return fingerprintRow([JSON.stringify([
    definition.module, definition.fields, definition.cvid ?? null, filterKey(definition.filter), definition.deletedRows,
    definition.runWorkflows !== false, definition.matchField ?? null,
  ])]);
}

/**
 * Why a save must be refused because the sheet's sync changed after the sidebar read it, or null.
 * `basedOn` is the version the editor opened (null: the editor set up a new synced sheet;
 * undefined: the caller did not say, and nothing is checked).
 */
export function staleSaveProblem(sheetName: string, basedOn: string | null | undefined, current: SyncDefinition | null): string | null {
  if (basedOn === undefined) return null;
  if (basedOn === null) {
    return current
      ? `A teammate set up "${sheetName}" as a synced sheet (${current.module}) while you were choosing. Nothing was saved. Pick another sheet name, or cancel and edit their sync.`
      : null;
  }
  if (!current) {
    return `"${sheetName}" is no longer a synced sheet: a teammate stopped syncing it or renamed its tab while you were editing it. Nothing was saved. Cancel to see the synced sheets as they are now.`;
  }
  if (definitionVersion(current) !== basedOn) {
    return `A teammate changed the sync of "${sheetName}" while you were editing it. Nothing was saved, so their change stays. Cancel, then open Edit again to see their version and make your change on top of it.`;
  }
  return null;
}

/**
 * Why "Stop syncing" from a sidebar that showed version `basedOn` must be refused, or null. A sync
 * already removed is no problem (the rep wanted it gone); undefined `basedOn` checks nothing.
 */
export function staleRemoveProblem(sheetName: string, basedOn: string | undefined, current: SyncDefinition | null): string | null {
  if (basedOn === undefined || !current || definitionVersion(current) === basedOn) return null;
  return `A teammate changed the sync of "${sheetName}" since your sidebar showed it. Nothing was removed. Look at it again, and remove it if you still want to.`;
}
