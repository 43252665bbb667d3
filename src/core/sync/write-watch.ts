// Knowing when a sync first writes. A push hands what it read to the pull only when it wrote
// nothing (sheet-seen.ts); a sync confirms its lease on the spreadsheet just before its first write,
// so the reads before it take the time the lease's read-back waits for (src/gas/sync-lease.ts).

import type { SheetGrid } from './grid';
import type { SyncStateStore } from './pull';

/** The methods of a SheetGrid that change the sheet. */
const WRITES = new Set<string>([
  'writeValues', 'writeNumberFormats', 'ensureRows', 'ensureColumns', 'deleteRows', 'decorate', 'insertCheckboxes',
  'tagColumn', 'removeColumnTag', 'writeNotes', 'setRule', 'setColumnWidths', 'setTextColours',
] satisfies Array<keyof SheetGrid>);

/**
 * The same grid, calling `beforeWrite` before each method that changes the sheet (it may throw,
 * and then nothing is written) and telling whether anything was written through it.
 */
export function watchWrites(grid: SheetGrid, beforeWrite: () => void = () => undefined): { grid: SheetGrid; wrote: () => boolean } {
  let wrote = false;
  const watched = new Proxy(grid, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property !== 'string' || !WRITES.has(property)) return (...args: unknown[]) => method.apply(target, args);
      return (...args: unknown[]) => {
        beforeWrite();
        wrote = true;
        return method.apply(target, args);
      };
    },
  });
  return { grid: watched, wrote: () => wrote };
}

/** The same store, calling `beforeWrite` before each save. */
export function watchSaves(store: SyncStateStore, beforeWrite: () => void): SyncStateStore {
  return {
    load: () => store.load(),
    save: (state) => {
      beforeWrite();
      store.save(state);
    },
  };
}
