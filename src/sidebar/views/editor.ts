// The sync editor: pick a module (with search), pick and order its fields (with search, select
// all / none, up / down), choose the target sheet and what happens to deleted records, then Save.
// It keeps its own draft; only the lists re-render, so typing in a search box never loses the caret.

import type { FieldSummary, ModuleSummary, SyncDefinitionInput, SyncDefinitionView } from '../../shared/rpc';
import { button, ellipsis, focusKey, h, replaceChildren, uid, type Child } from '../dom';
import {
  filterByQuery, moveItem, selectAll, selectNone, sheetNameProblem, toggleSelected, uniqueSheetName,
} from '../editor-model';
import { FIELDS_PER_REQUEST, requestsPerPage, selectionCounter } from '../format';
import { call } from '../rpc';
import { setDefinitions, store, track, updateSidebar } from '../state';
import { createFilterSection } from './filter';
import { startSync } from './sync';

/** How long the module list must rest on one module before its fields load. */
const MODULE_SETTLE_MS = 350;

/** Field lists by module, kept while the sidebar is open (field metadata rarely changes). */
const fieldCache = new Map<string, FieldSummary[]>();

interface Draft {
  editing: SyncDefinitionView | null;
  module: string | null;
  moduleQuery: string;
  fields: FieldSummary[] | null;
  selected: string[];
  fieldQuery: string;
  target: 'new' | 'existing';
  newName: string;
  /** The user typed a name: a module change no longer replaces it. */
  newNameTouched: boolean;
  existingName: string;
  deletedRows: 'remove' | 'mark';
  runWorkflows: boolean;
  /** '' when new rows always create records. */
  matchField: string;
  problem: string;
  /** The last listModules / listFields call failed: offer "Try again" instead of "Loading…". */
  modulesFailed: boolean;
  fieldsFailed: boolean;
}

export function mountEditor(el: HTMLElement): void {
  let open: { sheetName: string | null } | null = null;
  store.subscribe((s) => {
    if (s.editing === open) return;
    open = s.editing;
    if (open) buildEditor(el, open.sheetName);
    else replaceChildren(el, []);
  });
}

function close(focus: string): void {
  store.update({ editing: null });
  focusKey(document, focus);
}

function buildEditor(el: HTMLElement, sheetName: string | null): void {
  const s = store.get();
  const sidebar = s.sidebar;
  if (!sidebar) return;
  const editing = sheetName === null ? null : sidebar.definitions.find((d) => d.sheetName === sheetName) ?? null;
  const synced = new Set(sidebar.definitions.map((d) => d.sheetName));
  const freeSheets = sidebar.sheetNames.filter((n) => !synced.has(n));
  const draft: Draft = {
    editing,
    module: editing?.module ?? null,
    moduleQuery: '',
    fields: null,
    selected: editing ? editing.fields.slice() : [],
    fieldQuery: '',
    target: 'new',
    newName: '',
    newNameTouched: false,
    existingName: freeSheets[0] ?? '',
    deletedRows: editing?.deletedRows ?? 'remove',
    runWorkflows: editing?.runWorkflows ?? true,
    matchField: editing?.matchField ?? '',
    problem: '',
    modulesFailed: false,
    fieldsFailed: false,
  };
  const ids = {
    moduleSearch: uid('module-search'), module: uid('module'), fieldSearch: uid('field-search'),
    newName: uid('new-sheet'), existing: uid('existing-sheet'), targetNew: uid('target-new'), targetExisting: uid('target-existing'),
    deletedRemove: uid('deleted-remove'), deletedMark: uid('deleted-mark'), workflows: uid('workflows'), match: uid('match'),
  };

  const moduleBox = h('div');
  const fieldBox = h('div');
  const columnsBox = h('div');
  const counter = h('p', { className: 'counter', 'aria-live': 'polite' });
  const warning = h('div');
  const problemBox = h('div');
  // A new sheet is pulled as soon as it is saved, so the rep never looks at an empty tab.
  const saveLabel = editing ? 'Save' : 'Save and pull records';
  const saveButton = button(saveLabel, () => void save(), { className: 'btn primary', 'data-key': 'editor-save' });
  const fieldChecks = new Map<string, HTMLInputElement>();
  const filterSection = createFilterSection(editing?.filter ?? (editing?.cvid ? { view: { cvid: editing.cvid, name: '' } } : null), Boolean(editing));

  // ---- module ----
  const renderModules = (): void => {
    if (editing) {
      replaceChildren(moduleBox, [h('p', null, h('span', { className: 'muted' }, 'Module: '), h('strong', null, moduleLabel(editing.module)))]);
      return;
    }
    const modules = store.get().modules;
    if (!modules) {
      replaceChildren(moduleBox, [loadingOrRetry(draft.modulesFailed, 'Loading modules…', () => void loadModules(), 'retry-modules')]);
      return;
    }
    const shown = filterByQuery(modules, draft.moduleQuery, (m) => [m.label, m.apiName]);
    const select = h('select', {
      id: ids.module, size: Math.min(6, Math.max(2, shown.length)), className: 'listbox', 'data-key': 'module-select',
      onChange: (e) => chooseModule((e.target as HTMLSelectElement).value),
    }, shown.map((m) => h('option', { value: m.apiName, selected: m.apiName === draft.module }, m.label)));
    replaceChildren(moduleBox, [
      h('label', { for: ids.moduleSearch, className: 'sr-only' }, 'Search modules'),
      h('input', {
        id: ids.moduleSearch, type: 'search', placeholder: 'Search modules', value: draft.moduleQuery, autocomplete: 'off', 'data-key': 'module-search',
        onInput: (e) => { draft.moduleQuery = (e.target as HTMLInputElement).value; renderModuleOptions(); },
      }),
      h('label', { for: ids.module, className: 'sr-only' }, 'Module'),
      select,
      shown.length ? null : h('p', { className: 'muted small' }, 'No module matches.'),
    ]);
  };
  // Only the options change while typing, so the search box keeps its caret.
  const renderModuleOptions = (): void => {
    const modules = store.get().modules ?? [];
    const select = moduleBox.querySelector('select');
    if (!select) return;
    const shown = filterByQuery(modules, draft.moduleQuery, (m) => [m.label, m.apiName]);
    select.size = Math.min(6, Math.max(2, shown.length));
    replaceChildren(select, shown.map((m) => h('option', { value: m.apiName, selected: m.apiName === draft.module }, m.label)));
  };

  const moduleLabel = (apiName: string): string => store.get().modules?.find((m) => m.apiName === apiName)?.label ?? apiName;

  const chooseModule = (apiName: string): void => {
    if (!apiName || apiName === draft.module) return;
    draft.module = apiName;
    draft.selected = [];
    draft.fieldQuery = '';
    if (!draft.newNameTouched) draft.newName = uniqueSheetName(moduleLabel(apiName), sidebar.sheetNames);
    renderTarget();
    filterSection.setModule(apiName);
    draft.fields = null;
    draft.fieldsFailed = false;
    renderFields();
    renderColumns();
    // Arrow keys in the list fire a change per module passed; load only where the user stops.
    window.clearTimeout(loadTimer);
    loadTimer = window.setTimeout(() => { if (draft.module === apiName) void loadFields(apiName); }, MODULE_SETTLE_MS);
  };
  let loadTimer = 0;

  const loadModules = async (): Promise<void> => {
    draft.modulesFailed = false;
    const pending = track('modules', () => call('listModules'));
    renderModules();
    const modules = await pending;
    draft.modulesFailed = !modules;
    if (modules) store.update({ modules: modules.slice().sort(byLabel) });
    renderModules();
  };

  // ---- fields ----
  const loadFields = async (module: string): Promise<void> => {
    draft.fields = fieldCache.get(module) ?? null;
    if (!draft.fields) {
      draft.fieldsFailed = false;
      const pending = track(`fields:${module}`, () => call('listFields', module));
      renderFields();
      renderColumns();
      const fields = await pending;
      if (draft.module === module) draft.fieldsFailed = !fields;
      if (fields) fieldCache.set(module, fields.filter((f) => f.apiName !== 'id'));
      if (draft.module !== module) return;
      draft.fields = fieldCache.get(module) ?? null;
    }
    // A new sync starts with the fields Zoho requires, so pushed new rows can be created.
    if (!editing && draft.fields && !draft.selected.length) {
      draft.selected = draft.fields.filter((f) => f.mandatory && !f.readOnly).map((f) => f.apiName);
    }
    renderFields();
    renderColumns();
  };

  const visibleFields = (): FieldSummary[] => filterByQuery(draft.fields ?? [], draft.fieldQuery, (f) => [f.label, f.apiName]);

  const renderFields = (): void => {
    fieldChecks.clear();
    if (!draft.module) {
      replaceChildren(fieldBox, []);
      return;
    }
    if (!draft.fields) {
      const module = draft.module;
      replaceChildren(fieldBox, [loadingOrRetry(draft.fieldsFailed, 'Loading fields…', () => void loadFields(module), 'retry-fields')]);
      return;
    }
    replaceChildren(fieldBox, [
      h('h3', null, 'Fields'),
      h('label', { for: ids.fieldSearch, className: 'sr-only' }, 'Search fields'),
      h('input', {
        id: ids.fieldSearch, type: 'search', placeholder: 'Search fields', value: draft.fieldQuery, autocomplete: 'off', 'data-key': 'field-search',
        onInput: (e) => { draft.fieldQuery = (e.target as HTMLInputElement).value; renderFieldOptions(); },
      }),
      h('div', { className: 'actions tight' },
        button('Select all', () => setMany(true), { className: 'btn small', 'data-key': 'fields-all', 'aria-label': 'Select all fields shown' }),
        button('None', () => setMany(false), { className: 'btn small', 'data-key': 'fields-none', 'aria-label': 'Deselect all fields shown' })),
      h('div', { className: 'field-list', role: 'group', 'aria-label': 'Fields to sync' }),
    ]);
    renderFieldOptions();
  };

  const renderFieldOptions = (): void => {
    const list = fieldBox.querySelector<HTMLElement>('.field-list');
    if (!list) return;
    fieldChecks.clear();
    const shown = visibleFields();
    const chosen = new Set(draft.selected);
    replaceChildren(list, shown.length ? shown.map((f) => {
      const id = uid('field');
      const check = h('input', {
        id, type: 'checkbox', checked: chosen.has(f.apiName), 'data-key': `field:${f.apiName}`,
        onChange: (e) => { draft.selected = toggleSelected(draft.selected, f.apiName, (e.target as HTMLInputElement).checked); renderColumns(); },
      });
      fieldChecks.set(f.apiName, check);
      return h('div', { className: 'check-row' }, check,
        h('label', { for: id },
          h('span', { className: 'wrap' }, f.label),
          f.mandatory ? h('span', { className: 'badge warn', title: 'Zoho requires this field for new records' }, 'required') : null,
          f.readOnly ? h('span', { className: 'badge', title: 'Pulled from Zoho; edits in the sheet are not pushed' }, 'read-only') : null,
          h('span', { className: 'api-name' }, f.apiName)));
    }) : [h('p', { className: 'muted small' }, 'No field matches.')]);
  };

  const setMany = (on: boolean): void => {
    const names = visibleFields().map((f) => f.apiName);
    draft.selected = on ? selectAll(draft.selected, names) : selectNone(draft.selected, names);
    const chosen = new Set(draft.selected);
    fieldChecks.forEach((check, name) => { check.checked = chosen.has(name); });
    renderColumns();
  };

  // ---- column order ----
  const fieldLabel = (apiName: string): string => draft.fields?.find((f) => f.apiName === apiName)?.label ?? apiName;

  const renderColumns = (): void => {
    renderMatch();
    const total = draft.fields?.length ?? 0;
    counter.textContent = draft.fields ? selectionCounter(draft.selected.length, total) : '';
    const requests = requestsPerPage(draft.selected);
    replaceChildren(warning, requests > 1
      ? [h('p', { className: 'notice warn' }, `Zoho returns at most ${FIELDS_PER_REQUEST} fields per request, so every page of records takes ${requests} requests. Syncs are slower and use more of your daily Zoho API limit.`)]
      : []);
    if (!draft.fields) {
      replaceChildren(columnsBox, []);
      return;
    }
    const known = new Set(draft.fields.map((f) => f.apiName));
    const n = draft.selected.length;
    replaceChildren(columnsBox, [
      h('h3', null, 'Column order'),
      n ? h('ol', { className: 'columns' }, draft.selected.map((name, i) => {
        const label = fieldLabel(name);
        return h('li', null,
          h('span', { className: 'col-num' }, String(i + 1)),
          ellipsis(label),
          known.has(name) ? null : h('span', { className: 'badge bad', title: 'This field is no longer in Zoho; remove it to save' }, 'gone'),
          h('span', { className: 'col-buttons' },
            button('↑', () => move(i, -1, name), { className: 'btn icon', disabled: i === 0, 'data-key': `up:${name}`, 'aria-label': `Move ${label} up` }),
            button('↓', () => move(i, 1, name), { className: 'btn icon', disabled: i === n - 1, 'data-key': `down:${name}`, 'aria-label': `Move ${label} down` }),
            button('×', () => removeColumn(i, name), { className: 'btn icon', 'data-key': `drop:${name}`, 'aria-label': `Remove ${label}` })));
      })) : h('p', { className: 'muted small' }, 'Tick the fields to sync; they become columns in this order.'),
      editing && n ? h('p', { className: 'muted small' }, 'New fields are added as columns at the right of the sheet; move columns in the sheet itself if you like.') : null,
    ]);
  };

  const move = (index: number, delta: number, name: string): void => {
    draft.selected = moveItem(draft.selected, index, delta);
    renderColumns();
    // At the top or bottom the pressed button is disabled: keep focus on the other arrow.
    if (!focusKey(columnsBox, `${delta < 0 ? 'up' : 'down'}:${name}`)) focusKey(columnsBox, `${delta < 0 ? 'down' : 'up'}:${name}`);
  };

  const removeColumn = (index: number, name: string): void => {
    draft.selected = draft.selected.filter((n) => n !== name);
    const check = fieldChecks.get(name);
    if (check) check.checked = false;
    renderColumns();
    const next = draft.selected[Math.min(index, draft.selected.length - 1)];
    if (!next || !focusKey(columnsBox, `drop:${next}`)) focusKey(el, 'field-search');
  };

  // ---- target sheet and deleted records ----
  const targetBox = h('div');
  const renderTarget = (): void => {
    if (editing) {
      replaceChildren(targetBox, []);
      return;
    }
    replaceChildren(targetBox, [h('fieldset', null,
      h('legend', null, 'Sheet'),
      h('div', { className: 'check-row' },
        h('input', { type: 'radio', name: ids.targetNew, id: ids.targetNew, checked: draft.target === 'new', 'data-key': 'target-new', onChange: () => { draft.target = 'new'; renderTarget(); } }),
        h('label', { for: ids.targetNew }, 'A new sheet named')),
      h('label', { for: ids.newName, className: 'sr-only' }, 'New sheet name'),
      h('input', {
        id: ids.newName, type: 'text', maxlength: 100, value: draft.newName, disabled: draft.target !== 'new', className: 'indent', 'data-key': 'new-name',
        onInput: (e) => { draft.newName = (e.target as HTMLInputElement).value; draft.newNameTouched = true; },
      }),
      h('div', { className: 'check-row' },
        h('input', { type: 'radio', name: ids.targetNew, id: ids.targetExisting, checked: draft.target === 'existing', disabled: !freeSheets.length, 'data-key': 'target-existing', onChange: () => { draft.target = 'existing'; renderTarget(); } }),
        h('label', { for: ids.targetExisting }, freeSheets.length ? 'An existing, empty sheet' : 'An existing sheet (none free)')),
      freeSheets.length ? [
        h('label', { for: ids.existing, className: 'sr-only' }, 'Existing sheet'),
        h('select', {
          id: ids.existing, disabled: draft.target !== 'existing', className: 'indent', 'data-key': 'existing-name',
          onChange: (e) => { draft.existingName = (e.target as HTMLSelectElement).value; },
        }, freeSheets.map((name) => h('option', { value: name, selected: name === draft.existingName }, name))),
      ] : null)]);
  };

  const deletedBox = h('fieldset', null,
    h('legend', null, 'When a record is deleted in Zoho'),
    h('div', { className: 'check-row' },
      h('input', { type: 'radio', name: ids.deletedRemove, id: ids.deletedRemove, checked: draft.deletedRows === 'remove', onChange: () => { draft.deletedRows = 'remove'; } }),
      h('label', { for: ids.deletedRemove }, 'Delete its row')),
    h('div', { className: 'check-row' },
      h('input', { type: 'radio', name: ids.deletedRemove, id: ids.deletedMark, checked: draft.deletedRows === 'mark', onChange: () => { draft.deletedRows = 'mark'; } }),
      h('label', { for: ids.deletedMark }, 'Keep the row, marked as deleted')));

  const workflowBox = h('div', { className: 'check-row' },
    h('input', { type: 'checkbox', id: ids.workflows, checked: draft.runWorkflows, onChange: (e: Event) => { draft.runWorkflows = (e.target as HTMLInputElement).checked; } }),
    h('label', { for: ids.workflows }, 'Run Zoho workflow rules on rows I push'));

  // ---- matching new rows to existing records ----
  const matchBox = h('div');
  const renderMatch = (): void => {
    const unique = (draft.fields ?? []).filter((f) => f.unique && draft.selected.includes(f.apiName));
    if (draft.matchField && !unique.some((f) => f.apiName === draft.matchField)) draft.matchField = '';
    replaceChildren(matchBox, [
      h('label', { for: ids.match }, 'When a new row matches an existing Zoho record'),
      h('select', {
        id: ids.match, 'data-key': 'match-field', disabled: !unique.length,
        onChange: (e) => { draft.matchField = (e.target as HTMLSelectElement).value; },
      },
      h('option', { value: '', selected: !draft.matchField }, 'Create a new record anyway'),
      unique.map((f) => h('option', { value: f.apiName, selected: f.apiName === draft.matchField }, `Update the record with the same ${f.label}`))),
      h('p', { className: 'muted small' }, unique.length
        ? 'Matching uses a field Zoho keeps unique; the row is then linked to that record.'
        : 'Tick a field Zoho keeps unique (such as Email) to match new rows to existing records.'),
    ]);
  };

  // ---- save ----
  const targetName = (): string => (editing ? editing.sheetName : draft.target === 'new' ? draft.newName.trim() : draft.existingName);

  const check = (): string => {
    if (!draft.module) return 'Pick a Zoho module.';
    if (!draft.fields) return 'Wait until the fields have loaded.';
    if (!draft.selected.length) return 'Tick at least one field.';
    const known = new Set(draft.fields.map((f) => f.apiName));
    const gone = draft.selected.filter((n) => !known.has(n));
    if (gone.length) return `Remove the fields Zoho no longer has: ${gone.join(', ')}.`;
    if (!editing && draft.target === 'new') {
      const problem = sheetNameProblem(draft.newName);
      if (problem) return problem;
      if (sidebar.sheetNames.some((n) => n.toLowerCase() === draft.newName.trim().toLowerCase())) {
        return `A sheet named "${draft.newName.trim()}" exists already. Pick another name, or choose it as an existing sheet.`;
      }
    }
    if (!editing && draft.target === 'existing' && !draft.existingName) return 'Pick a sheet.';
    return '';
  };

  const save = async (): Promise<void> => {
    draft.problem = check();
    replaceChildren(problemBox, draft.problem ? [h('p', { className: 'field-error', role: 'alert' }, draft.problem)] : []);
    if (draft.problem) return;
    saveButton.disabled = true;
    saveButton.textContent = 'Checking the filter…';
    const filter = await filterSection.prepareSave();
    saveButton.disabled = false;
    saveButton.textContent = 'Save';
    if (!filter.ok) {
      replaceChildren(problemBox, [h('p', { className: 'field-error', role: 'alert' }, filter.problem)]);
      return;
    }
    const input: SyncDefinitionInput = {
      sheetName: targetName(), module: draft.module!, fields: draft.selected.slice(), deletedRows: draft.deletedRows, runWorkflows: draft.runWorkflows,
      matchField: draft.matchField || null, filter: filter.filter,
      // What this editor was opened on: a teammate's change, removal or set-up since refuses the save.
      basedOn: editing ? editing.version : null,
    };
    // A view set before filters existed is the filter's view now; dropping it there drops it here.
    if (editing?.cvid && filter.filter?.view?.cvid === editing.cvid) input.cvid = editing.cvid;
    saveButton.disabled = true;
    saveButton.textContent = 'Saving…';
    const saved = await track('save-definition', () => call('saveSyncDefinition', input));
    saveButton.disabled = false;
    saveButton.textContent = saveLabel;
    if (!saved) {
      // A refused save may be a teammate's newer change: the sheet list shows what is saved now.
      void call('listSyncDefinitions').then(setDefinitions, () => undefined);
      return;
    }
    const current = store.get().sidebar;
    if (current) {
      const others = current.definitions.filter((d) => d.sheetName !== saved.sheetName);
      const index = current.definitions.findIndex((d) => d.sheetName === saved.sheetName);
      const definitions = index < 0 ? [...others, saved] : current.definitions.map((d) => (d.sheetName === saved.sheetName ? saved : d));
      const sheetNames = current.sheetNames.includes(saved.sheetName) ? current.sheetNames : [...current.sheetNames, saved.sheetName];
      updateSidebar({ definitions, sheetNames });
    }
    close(`edit:${saved.sheetName}`);
    // The existing Sync now, with its progress line: it pushes nothing from a new sheet and pulls it.
    if (!editing) void startSync('sync');
  };

  // ---- assemble ----
  replaceChildren(el, [h('form', {
    className: 'editor', 'aria-label': editing ? `Edit sync of ${editing.sheetName}` : 'New synced sheet', novalidate: true,
    // Enter in a text box would submit; only the Save button saves.
    onSubmit: (e) => e.preventDefault(),
  },
  h('h3', { className: 'editor-title wrap', tabindex: -1 }, editing ? `Edit “${editing.sheetName}”` : 'New synced sheet'),
  editing ? null : h('h3', null, 'Zoho module'),
  moduleBox, fieldBox, counter, warning, columnsBox, filterSection.el, targetBox, deletedBox, workflowBox, matchBox, problemBox,
  h('div', { className: 'actions' }, saveButton,
    button('Cancel', () => close(editing ? `edit:${editing.sheetName}` : 'add-definition'), { 'data-key': 'editor-cancel' })))]);

  if (store.get().modules) renderModules();
  else void loadModules();
  renderTarget();
  if (draft.module) filterSection.setModule(draft.module);
  if (draft.module) void loadFields(draft.module);
  else {
    renderFields();
    renderColumns();
  }
  // The title takes focus, so a screen reader announces what opened; Tab goes on into the form.
  el.querySelector<HTMLElement>('.editor-title')?.focus();
}

function byLabel(a: ModuleSummary, b: ModuleSummary): number {
  return a.label.localeCompare(b.label);
}

function loadingOrRetry(failed: boolean, text: string, retry: () => void, key: string): Child {
  return failed
    ? h('div', { className: 'actions' }, h('span', { className: 'muted' }, 'Could not load.'), button('Try again', retry, { className: 'btn small', 'data-key': key }))
    : h('p', { className: 'muted', role: 'status' }, text);
}
