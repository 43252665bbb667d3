// Field-level three-way merge of one row with its Zoho record (design: team-safety §6). Base is
// each field's hash when the row last matched Zoho (RowMeta.h), mine the cell now, theirs Zoho's
// value now decoded into a cell and hashed the same way, so values compare as Zoho means them (a
// date as a date, an instant as an instant, a number as a number), never as text a zone or a
// format produced. Push and pull both decide with this; neither reads or writes here.

export type FieldDecision =
  /** Both sides hold the same value (unchanged, or changed alike): nothing to do. */
  | 'same'
  /** Only Zoho changed it: the cell takes Zoho's value. */
  | 'take'
  /** Only the sheet changed it: the cell's value is sent. */
  | 'send'
  /** Both changed it to different values: the user chooses. */
  | 'conflict';

export interface RowMerge {
  decisions: FieldDecision[];
  take: number[];
  send: number[];
  conflicts: number[];
}

/**
 * Decides each field from three equally long lists of field hashes (fieldHashes): base, mine,
 * theirs. mine = theirs: same; mine = base: take; theirs = base: send; otherwise conflict.
 */
export function mergeFields(base: readonly string[], mine: readonly string[], theirs: readonly string[]): RowMerge {
  const merge: RowMerge = { decisions: [], take: [], send: [], conflicts: [] };
  mine.forEach((m, i) => {
    const t = theirs[i];
    const decision: FieldDecision = m === t ? 'same' : m === base[i] ? 'take' : t === base[i] ? 'send' : 'conflict';
    merge.decisions.push(decision);
    if (decision === 'take') merge.take.push(i);
    else if (decision === 'send') merge.send.push(i);
    else if (decision === 'conflict') merge.conflicts.push(i);
  });
  return merge;
}

/**
 * The row's hashes after a merge: Zoho's, so the row now stands on Zoho's version and every edit
 * not taken shows as a difference from it; except conflicting fields, which keep their base so
 * that the next merge finds the same conflict until the user chooses.
 */
export function mergedBase(merge: RowMerge, base: readonly string[], theirs: readonly string[]): string[] {
  return theirs.map((t, i) => (merge.decisions[i] === 'conflict' ? base[i] ?? t : t));
}

/** `Company: this sheet "Mine Inc", Zoho "Theirs AG"`, one part per conflicting field. */
export interface ConflictField {
  label: string;
  mine: string;
  zoho: string;
}

export const CONFLICT_CHOICE = 'Choose "Keep mine" or "Take Zoho\'s".';

/**
 * The status of a row in conflict, naming exactly the conflicting fields with both values as the
 * cells show them: `Conflict: this sheet has Company "Mine Inc"; Zoho has Company "Theirs AG". Choose …`.
 */
export function conflictStatus(fields: readonly ConflictField[]): string {
  const shown = fields.slice(0, 5);
  const more = fields.length > shown.length ? ` and ${fields.length - shown.length} more field${fields.length - shown.length === 1 ? '' : 's'}` : '';
  const side = (pick: (f: ConflictField) => string): string => shown.map((f) => `${f.label} "${pick(f)}"`).join(', ');
  return `Conflict: this sheet has ${side((f) => f.mine)}${more}; Zoho has ${side((f) => f.zoho)}. ${CONFLICT_CHOICE}`;
}
