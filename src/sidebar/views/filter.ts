// The editor's "Which records" section (issue 16): a Zoho custom view, "Only records I own", and
// conditions on fields combined with all / any. The server says, as the user edits, whether Zoho
// can express the filter and how it reads in words; Save is refused while it says no. The draft
// logic is in filter-model.ts; this file only renders it and talks to the server.

import type { FilterCheck, FilterOptions, SheetFilter } from '../../shared/rpc';
import { button, h, replaceChildren, uid, type Child } from '../dom';
import { trustedAuthorizationUrl } from '../editor-model';
import {
  arityOf, draftFromFilter, draftProblem, filterFromDraft, filterKey, isoToLocalDateTime, localDateTimeToIso, newCondition,
  ownerChoiceLabel, parseValueLines, valueInputKind, withField, withOperator, type FilterDraft, type FilterField,
} from '../filter-model';
import { call, RpcError } from '../rpc';
import { reportError, store, track } from '../state';

/** The user stops typing this long before the server is asked whether Zoho can express the filter. */
export const FILTER_CHECK_SETTLE_MS = 400;

/** Arrow keys in the module list pass modules by; their options load only where the user stops. */
const OPTIONS_SETTLE_MS = 350;

/**
 * Views, fields and the user by module, kept while the sidebar is open and the connection stays the
 * same: after a reconnect "me" may be another user, and the views may now be readable.
 */
const optionsCache = new Map<string, FilterOptions>();
let optionsCacheConnection: unknown = null;

function cachedOptions(module: string): FilterOptions | null {
  const connection = store.get().sidebar?.connection ?? null;
  if (connection !== optionsCacheConnection) {
    optionsCache.clear();
    optionsCacheConnection = connection;
  }
  return optionsCache.get(module) ?? null;
}

export type SaveableFilter = { ok: true; filter: SheetFilter | null } | { ok: false; problem: string };

export interface FilterSection {
  readonly el: HTMLElement;
  /** The module whose records are filtered; a different module starts from "every record". */
  setModule(module: string | null): void;
  /** The filter to save once the server agrees Zoho can express it, or the problem to show. */
  prepareSave(): Promise<SaveableFilter>;
}

/** `existing`: the sheet is synced already, so a changed filter means pulling it again. */
export function createFilterSection(initial: SheetFilter | null, existing = false): FilterSection {
  const initialKey = filterKey(filterFromDraft(draftFromFilter(initial)));
  let module: string | null = null;
  let options: FilterOptions | null = null;
  let optionsFailed = false;
  let draft: FilterDraft = draftFromFilter(initial);
  /** The last answer of checkFilter, with the filter it was for. */
  let checked: { key: string; result: FilterCheck } | null = null;
  let checkFailed: string | null = null;
  let checkTimer = 0;
  let checkGeneration = 0;
  let reconnectUrl: string | null = null;
  let reconnectOpened = false;
  let loadTimer = 0;

  const ids = { view: uid('filter-view'), owner: uid('filter-owner'), match: uid('filter-match') };
  const body = h('div');
  // Read aloud when the words or the problem change; never re-created, so changes are announced.
  const status = h('div', { 'aria-live': 'polite' });
  const el = h('fieldset', { className: 'filter', hidden: true }, h('legend', null, 'Which records'), body, status);

  const fields = (): FilterField[] => options?.fields ?? [];
  // Without the field list (it failed to load) every field would look gone: the server judges alone then.
  const localProblem = (): string | null => (options ? draftProblem(draft, options.fields) : null);

  // ---- options ----
  const loadOptions = async (forModule: string, fresh = false): Promise<void> => {
    if (fresh) optionsCache.delete(forModule);
    options = cachedOptions(forModule);
    if (!options) {
      optionsFailed = false;
      renderBody();
      const answer = await track(`filter-options:${forModule}`, () => call('listFilterOptions', forModule));
      if (module !== forModule) return;
      optionsFailed = !answer;
      if (answer) optionsCache.set(forModule, answer);
      options = answer ?? null;
    }
    // A view chosen before filters existed arrives with its id only; Zoho's list names it.
    const named = draft.view && options?.views.find((v) => v.cvid === draft.view!.cvid);
    if (named && draft.view && !draft.view.name) draft = { ...draft, view: { cvid: named.cvid, name: named.name } };
    renderBody();
    scheduleCheck(0);
  };

  // ---- the server's check ----
  const currentFilter = (): SheetFilter | null => filterFromDraft(draft);

  /** Asks checkFilter about the current filter; resolves to its answer, or null when the call failed or was overtaken. */
  const runCheck = async (): Promise<FilterCheck | null> => {
    window.clearTimeout(checkTimer);
    const filter = currentFilter();
    if (!module || !filter || localProblem()) return null;
    const key = filterKey(filter);
    if (checked?.key === key) return checked.result;
    const generation = ++checkGeneration;
    renderStatus(true);
    try {
      const result = await call('checkFilter', module, filter);
      if (generation !== checkGeneration) return null;
      checked = { key, result };
      checkFailed = null;
      return result;
    } catch (error) {
      if (generation !== checkGeneration) return null;
      checkFailed = error instanceof RpcError || error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      if (generation === checkGeneration) renderStatus(false);
    }
  };

  const scheduleCheck = (delayMs = FILTER_CHECK_SETTLE_MS): void => {
    window.clearTimeout(checkTimer);
    // An answer about an older filter must not be shown for this one.
    checkGeneration++;
    checkFailed = null;
    renderStatus(false);
    const filter = currentFilter();
    if (!module || !filter || localProblem() || checked?.key === filterKey(filter)) return;
    checkTimer = window.setTimeout(() => void runCheck(), delayMs);
  };

  /** Every change of the draft: re-render the controls (when the shape changed) and check again. */
  const changed = (rerender: boolean): void => {
    if (rerender) renderBody();
    scheduleCheck();
  };

  // ---- rendering ----
  const renderStatus = (checking: boolean): void => {
    const filter = currentFilter();
    const local = module ? localProblem() : null;
    const answer = filter && checked?.key === filterKey(filter) ? checked.result : null;
    const problem = local ?? answer?.problem ?? null;
    replaceChildren(status, !module ? [] : [
      h('p', { className: 'filter-words wrap', 'data-key': 'filter-words' },
        h('span', { className: 'muted' }, 'Syncs: '),
        !filter ? `Every record of ${options?.module ?? module}` : answer ? answer.words : checking ? 'checking with Zoho…' : '…'),
      problem ? h('p', { className: 'field-error', role: 'alert', 'data-key': 'filter-problem' }, problem) : null,
      existing && !problem && filterKey(filter) !== initialKey
        ? h('p', { className: 'muted small', 'data-key': 'filter-repull' }, 'After you save, the next sync pulls this sheet again under the new filter. Rows with edits not yet sent stay, with their edits.')
        : null,
      checkFailed ? h('p', { className: 'field-error', role: 'alert' }, `Could not check the filter: ${checkFailed}`) : null,
    ]);
  };

  const renderBody = (): void => {
    el.hidden = !module;
    if (!module) {
      replaceChildren(body, []);
      renderStatus(false);
      return;
    }
    if (!options) {
      const forModule = module;
      replaceChildren(body, [optionsFailed
        ? h('div', { className: 'actions' }, h('span', { className: 'muted' }, 'Could not load views and fields.'),
          button('Try again', () => void loadOptions(forModule), { className: 'btn small', 'data-key': 'retry-filter-options' }))
        : h('p', { className: 'muted', role: 'status' }, 'Loading views and fields…')]);
      renderStatus(false);
      return;
    }
    replaceChildren(body, [
      renderView(options),
      renderOwner(options),
      renderConditions(),
    ]);
    renderStatus(false);
  };

  const renderReconnect = (message: string): Child => {
    const forModule = module!;
    return h('div', { className: 'notice warn small', 'data-key': 'filter-reconnect' },
      h('p', null, message),
      h('div', { className: 'actions tight' },
        reconnectUrl
          ? h('a', {
            className: 'btn small primary', href: reconnectUrl, target: '_blank', rel: 'noopener', 'data-key': 'reconnect-open',
            // Each Connect link is single-use; the next click asks for a fresh one.
            onClick: () => { window.setTimeout(() => { reconnectUrl = null; reconnectOpened = true; renderBody(); }, 0); },
          }, 'Continue in Zoho')
          : button('Reconnect', () => void startReconnect(), { className: 'btn small primary', 'data-key': 'reconnect' }),
        reconnectOpened ? button('I have reconnected', () => { reconnectOpened = false; void loadOptions(forModule, true); }, { className: 'btn small', 'data-key': 'reconnect-done' }) : null));
  };

  const startReconnect = async (): Promise<void> => {
    const answer = await track('auth-url', () => call('startConnect'));
    if (!answer) return;
    const url = trustedAuthorizationUrl(answer.authorizationUrl);
    if (!url) {
      reportError(new Error('The Connect link does not lead to Zoho\'s sign-in page, so it is not shown. Ask the person who set up the add-on to check its configuration.'));
      return;
    }
    reconnectUrl = url;
    renderBody();
  };

  const renderView = (o: FilterOptions): Child => {
    const known = o.views.some((v) => v.cvid === draft.view?.cvid);
    const system = o.views.filter((v) => v.system);
    const custom = o.views.filter((v) => !v.system);
    const option = (v: { cvid: string; name: string }): HTMLOptionElement => h('option', { value: v.cvid, selected: v.cvid === draft.view?.cvid }, v.name);
    // Only views need the permission an older connection lacks: the request to reconnect stands
    // where a view is picked, and owner and conditions stay usable as they are.
    const reconnect = o.reconnect ? renderReconnect(o.reconnect) : null;
    if (reconnect && !o.views.length && !draft.view) return h('div', null, h('h3', null, 'Zoho view'), reconnect);
    return h('div', null,
      h('label', { for: ids.view }, 'Zoho view'),
      h('select', {
        id: ids.view, 'data-key': 'filter-view',
        onChange: (e) => {
          const cvid = (e.target as HTMLSelectElement).value;
          const view = o.views.find((v) => v.cvid === cvid) ?? (draft.view?.cvid === cvid ? draft.view : null);
          draft = { ...draft, view: view ? { cvid: view.cvid, name: view.name } : null };
          changed(false);
        },
      },
      h('option', { value: '', selected: !draft.view }, 'None: every record'),
      draft.view && !known ? h('option', { value: draft.view.cvid, selected: true }, `${draft.view.name || `View ${draft.view.cvid}`} (no longer in Zoho)`) : null,
      system.length ? h('optgroup', { label: 'Zoho\'s views' }, system.map(option)) : null,
      custom.length ? h('optgroup', { label: 'Custom views' }, custom.map(option)) : null),
      reconnect);
  };

  const renderOwner = (o: FilterOptions): Child => {
    const label = ownerChoiceLabel(draft.owner, o.me);
    return h('div', null,
      h('div', { className: 'check-row' },
        h('input', {
          type: 'checkbox', id: ids.owner, checked: Boolean(draft.owner), disabled: !o.me && !draft.owner, 'data-key': 'filter-owner',
          onChange: (e) => {
            const on = (e.target as HTMLInputElement).checked;
            // Ticking makes it the records of the user who ticks; another user's choice is only kept, never re-made.
            draft = { ...draft, owner: on && o.me ? { id: o.me.id, name: o.me.name } : null };
            changed(true);
          },
        }),
        h('label', { for: ids.owner }, label)),
      draft.owner && o.me && draft.owner.id !== o.me.id
        ? h('p', { className: 'muted small indent' }, `Chosen by ${draft.owner.name}. Untick and tick again to sync your own records instead.`)
        : o.me ? null : h('p', { className: 'muted small indent' }, 'Zoho did not say who you are, so this is not offered.'));
  };

  const renderConditions = (): Child => {
    const list = fields();
    const n = draft.conditions.length;
    return h('div', null,
      h('h3', null, 'Conditions'),
      n > 1 ? h('div', null,
        h('label', { for: ids.match }, 'Records must match'),
        h('select', {
          id: ids.match, 'data-key': 'filter-match',
          onChange: (e) => { draft = { ...draft, match: (e.target as HTMLSelectElement).value === 'any' ? 'any' : 'all' }; changed(true); },
        },
        h('option', { value: 'all', selected: draft.match === 'all' }, 'All conditions (AND)'),
        h('option', { value: 'any', selected: draft.match === 'any' }, 'Any condition (OR)'))) : null,
      n ? h('ol', { className: 'plain conditions' }, draft.conditions.map((_, i) => renderCondition(i, list))) : h('p', { className: 'muted small' }, 'No condition.'),
      h('div', { className: 'actions tight' },
        button('Add a condition', () => {
          const condition = newCondition(list);
          if (!condition) return;
          draft = { ...draft, conditions: [...draft.conditions, condition] };
          changed(true);
          focusLast(body, 'cond-field:');
        }, { className: 'btn small', disabled: !list.some((f) => f.operators.length), 'data-key': 'filter-add-condition' })));
  };

  const setCondition = (i: number, next: FilterDraft['conditions'][number], rerender: boolean): void => {
    draft = { ...draft, conditions: draft.conditions.map((c, j) => (j === i ? next : c)) };
    changed(rerender);
  };

  const renderCondition = (i: number, list: FilterField[]): HTMLLIElement => {
    const condition = draft.conditions[i]!;
    const n = i + 1;
    const field = list.find((f) => f.apiName === condition.field);
    const fieldId = uid('cond-field');
    const opId = uid('cond-op');
    return h('li', { className: 'condition', role: 'group', 'aria-label': `Condition ${n}` },
      i > 0 ? h('p', { className: 'muted small joiner' }, draft.match === 'any' ? 'or' : 'and') : null,
      h('label', { for: fieldId, className: 'sr-only' }, `Field of condition ${n}`),
      h('select', {
        id: fieldId, 'data-key': `cond-field:${i}`,
        onChange: (e) => setCondition(i, withField(draft.conditions[i]!, list, (e.target as HTMLSelectElement).value), true),
      },
      field ? null : h('option', { value: condition.field, selected: true }, `${condition.field} (no longer in Zoho)`),
      list.filter((f) => f.operators.length).map((f) => h('option', { value: f.apiName, selected: f.apiName === condition.field }, f.label))),
      h('div', { className: 'condition-line' },
        h('label', { for: opId, className: 'sr-only' }, `Operator of condition ${n}`),
        h('select', {
          id: opId, 'data-key': `cond-op:${i}`, disabled: !field,
          onChange: (e) => setCondition(i, withOperator(draft.conditions[i]!, list, (e.target as HTMLSelectElement).value as typeof condition.operator), true),
        }, (field?.operators ?? []).map((o) => h('option', { value: o.id, selected: o.id === condition.operator }, o.label))),
        button('×', () => {
          draft = { ...draft, conditions: draft.conditions.filter((_, j) => j !== i) };
          changed(true);
          if (!focusLast(body, 'cond-field:')) focusLast(body, 'filter-add-condition');
        }, { className: 'btn icon', 'data-key': `cond-remove:${i}`, 'aria-label': `Remove condition ${n}` })),
      field ? renderValues(i, field) : null);
  };

  const renderValues = (i: number, field: FilterField): Child => {
    const condition = draft.conditions[i]!;
    const arity = arityOf(field, condition.operator);
    const n = i + 1;
    // Read at event time: other boxes of this condition may have changed since it was drawn.
    const update = (values: string[]): void => setCondition(i, { ...draft.conditions[i]!, values }, false);
    if (arity === 0) return null;
    if (arity === 'many') {
      const id = uid('cond-values');
      if (field.picklist) {
        const chosen = new Set(condition.values);
        return h('div', null,
          h('label', { for: id, className: 'sr-only' }, `Values of condition ${n}`),
          h('select', {
            id, multiple: true, size: Math.min(6, Math.max(2, field.picklist.length)), className: 'listbox', 'data-key': `cond-values:${i}`,
            onChange: (e) => update(Array.from((e.target as HTMLSelectElement).selectedOptions).map((o) => o.value)),
          }, field.picklist.map((p) => h('option', { value: p.value, selected: chosen.has(p.value) }, p.label))),
          h('p', { className: 'muted small' }, 'Hold Ctrl (⌘ on a Mac) to pick several.'));
      }
      const area = h('textarea', {
        id, rows: 3, 'data-key': `cond-values:${i}`, placeholder: 'One value a line',
        onInput: (e) => update(parseValueLines((e.target as HTMLTextAreaElement).value)),
      });
      area.value = condition.values.join('\n');
      return h('div', null, h('label', { for: id, className: 'sr-only' }, `Values of condition ${n}`), area);
    }
    const names = arity === 2 ? [`From value of condition ${n}`, `To value of condition ${n}`] : [`Value of condition ${n}`];
    return h('div', { className: arity === 2 ? 'condition-line' : '' }, names.map((name, k) => {
      const id = uid('cond-value');
      const setValue = (value: string): void => update(draft.conditions[i]!.values.map((v, j) => (j === k ? value : v)));
      return [
        h('label', { for: id, className: 'sr-only' }, name),
        k === 1 ? h('span', { className: 'muted small', 'aria-hidden': 'true' }, 'and') : null,
        valueInput(id, `cond-value:${i}:${k}`, field, condition.values[k] ?? '', setValue),
      ];
    }));
  };

  // ---- the editor's side ----
  return {
    el,
    setModule(next) {
      if (next === module) return;
      const first = module === null;
      module = next;
      options = null;
      optionsFailed = false;
      checked = null;
      // The saved filter belongs to the sheet's module; another module starts with every record.
      if (!first) draft = draftFromFilter(null);
      window.clearTimeout(loadTimer);
      renderBody();
      if (next && first) void loadOptions(next);
      else if (next) loadTimer = window.setTimeout(() => { if (module === next) void loadOptions(next); }, OPTIONS_SETTLE_MS);
    },
    async prepareSave() {
      const filter = currentFilter();
      if (!filter) return { ok: true, filter: null };
      const local = localProblem();
      if (local) return { ok: false, problem: local };
      if (!module) return { ok: false, problem: 'Pick a Zoho module.' };
      const answer = await runCheck();
      if (!answer) return { ok: false, problem: `Zoho could not be asked whether it can filter this way${checkFailed ? `: ${checkFailed}` : ''}. Try Save again.` };
      renderStatus(false);
      return answer.problem ? { ok: false, problem: answer.problem } : { ok: true, filter };
    },
  };
}

/** One value box, typed by the field: a select for picklists, date and datetime pickers, numbers. */
function valueInput(id: string, key: string, field: FilterField, value: string, onValue: (value: string) => void): HTMLElement {
  if (field.picklist) {
    return h('select', { id, 'data-key': key, onChange: (e) => onValue((e.target as HTMLSelectElement).value) },
      h('option', { value: '', selected: !value }, 'Pick a value'),
      // A saved value Zoho has since removed from the list stays visible, for the check to name.
      value && !field.picklist.some((p) => p.value === value) ? h('option', { value, selected: true }, value) : null,
      field.picklist.map((p) => h('option', { value: p.value, selected: p.value === value }, p.label)));
  }
  const kind = valueInputKind(field.dataType);
  if (kind === 'datetime') {
    return h('input', {
      id, type: 'datetime-local', 'data-key': key, value: isoToLocalDateTime(value),
      onInput: (e) => {
        const local = (e.target as HTMLInputElement).value;
        // The offset of that moment where the reader is (summer and winter time differ).
        const when = new Date(local);
        onValue(local ? localDateTimeToIso(local, Number.isNaN(when.getTime()) ? 0 : -when.getTimezoneOffset()) : '');
      },
    });
  }
  const lookup = ['lookup', 'ownerlookup', 'userlookup'].includes(field.dataType);
  return h('input', {
    id, type: kind === 'date' ? 'date' : 'text', inputmode: kind === 'number' || lookup ? 'decimal' : null, autocomplete: 'off', 'data-key': key, value,
    placeholder: lookup ? 'The 19-digit Zoho id' : null,
    onInput: (e) => onValue((e.target as HTMLInputElement).value),
  });
}

/** Focuses the last control whose data-key starts with `prefix` (after adding or removing a condition). */
function focusLast(root: HTMLElement, prefix: string): boolean {
  const all = Array.from(root.querySelectorAll<HTMLElement>('[data-key]')).filter((e) => (e.getAttribute('data-key') ?? '').startsWith(prefix));
  const last = all[all.length - 1];
  if (!last) return false;
  last.focus();
  return true;
}
