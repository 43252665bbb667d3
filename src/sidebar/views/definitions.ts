// The list of synced sheets: module, field count, last complete pull, a "continuing" badge, and
// Edit / Remove (with a confirm step in the sidebar). The editor itself lives in editor.ts.

import type { SyncDefinitionView } from '../../shared/rpc';
import { button, ellipsis, focusKey, h, type Child } from '../dom';
import { formatDateTime, plural } from '../format';
import { call } from '../rpc';
import { bindView, isBusy, setDefinitions, store, track, type AppState } from '../state';
import { syncOneSheet } from './sync';

let confirmingRemove: string | null = null;

export function mountDefinitions(el: HTMLElement): void {
  const rerender = bindView(el, (s) => [s.sidebar?.definitions, s.busy, s.editing, s.modules, s.syncingSheet], (s) => render(s, () => rerender()));
}

function moduleLabel(s: AppState, apiName: string): string {
  return s.modules?.find((m) => m.apiName === apiName)?.label ?? apiName;
}

function render(s: AppState, rerender: () => void): Child[] {
  if (s.editing) return [];
  const definitions = s.sidebar?.definitions ?? [];
  return [
    definitions.length
      ? h('ul', { className: 'plain cards' }, definitions.map((d) => card(s, d, rerender)))
      : h('p', { className: 'muted' }, 'No sheet is synced yet. Add one to pull a Zoho module into a sheet.'),
    h('div', { className: 'actions' },
      button('Add a sheet', () => openEditor(null), {
        className: definitions.length ? 'btn' : 'btn primary', disabled: isBusy('sync') || isBusy('push'), 'data-key': 'add-definition',
      })),
  ];
}

function card(s: AppState, d: SyncDefinitionView, rerender: () => void): HTMLLIElement {
  const removing = isBusy(`remove:${d.sheetName}`);
  const syncing = isBusy('sync') || isBusy('push');
  return h('li', { className: 'card' },
    h('div', { className: 'row-line' },
      ellipsis(d.sheetName, 'strong'),
      d.continuing ? h('span', { className: 'badge info', title: 'Time ran out; the sync continues by itself in a minute or two.' }, 'Continuing') : null,
      d.problem ? h('span', { className: 'badge warn', title: d.problem }, 'Not synced') : null),
    h('div', { className: 'muted wrap' }, `${moduleLabel(s, d.module)} · ${plural(d.fields.length, 'field')}`,
      d.deletedRows === 'mark' ? ' · deleted records marked' : null,
      d.org ? ` · ${d.org.name}${d.org.dataCenter ? ` (${d.org.dataCenter})` : ''}` : null),
    d.problem ? h('p', { className: 'notice warn', role: 'alert', 'data-key': `problem:${d.sheetName}` }, d.problem) : null,
    h('div', { className: 'small wrap', 'data-key': `filter:${d.sheetName}` }, h('span', { className: 'muted' }, 'Filter: '), d.filterWords || 'All records'),
    h('div', { className: 'muted small' }, d.lastSuccessAt ? `Last complete pull ${formatDateTime(d.lastSuccessAt)}` : 'Not pulled yet'),
    confirmingRemove === d.sheetName
      ? h('div', { className: 'confirm', role: 'group', 'aria-label': `Confirm removing ${d.sheetName}` },
        h('p', null, 'Stop syncing this sheet? The sheet and its rows stay; they just no longer update.'),
        h('div', { className: 'actions' },
          button(removing ? 'Removing…' : 'Stop syncing', () => void remove(d.sheetName, d.version, rerender),
            { className: 'btn danger', disabled: removing, 'data-key': `remove-yes:${d.sheetName}` }),
          button('Cancel', () => { confirmingRemove = null; rerender(); focusKey(document, `remove:${d.sheetName}`); },
            { disabled: removing, 'data-key': `remove-no:${d.sheetName}` })))
      : h('div', { className: 'actions' },
        button(s.syncingSheet === d.sheetName ? 'Syncing…' : 'Sync this sheet', () => void syncOneSheet(d.sheetName),
          { className: 'btn small', disabled: syncing || removing, 'data-key': `sync-sheet:${d.sheetName}`, 'aria-label': `Sync this sheet: ${d.sheetName}` }),
        button('Edit', () => openEditor(d.sheetName), { className: 'btn small', disabled: syncing, 'data-key': `edit:${d.sheetName}`, 'aria-label': `Edit sync of ${d.sheetName}` }),
        button('Remove', () => { confirmingRemove = d.sheetName; rerender(); focusKey(document, `remove-no:${d.sheetName}`); },
          { className: 'btn small', disabled: syncing, 'data-key': `remove:${d.sheetName}`, 'aria-label': `Remove sync of ${d.sheetName}` })));
}

function openEditor(sheetName: string | null): void {
  store.update({ editing: { sheetName } });
}

async function remove(sheetName: string, version: string, rerender: () => void): Promise<void> {
  // Only the sync this card shows: a teammate's change since refuses the removal.
  const definitions = await track(`remove:${sheetName}`, () => call('removeSyncDefinition', sheetName, version));
  confirmingRemove = null;
  if (definitions) setDefinitions(definitions);
  else {
    rerender();
    // Refused: the cards show the syncs as they are now.
    void call('listSyncDefinitions').then(setDefinitions, () => undefined);
  }
  focusKey(document, 'add-definition');
}
