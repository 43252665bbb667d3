// SpreadsheetApp.getUi(): menus, sidebars, dialogs and alerts, recorded in the execution's
// UiRecord instead of drawn. Sidebars and dialogs need FULL (§1.8); menus work in every mode.

import { GasError } from '../execution';
import type { MenuItemRecord, MenuRecord } from '../execution';
import { requireMode, requireScope, SCOPES, type ServiceEnv } from '../env';
import { GasObject } from '../realm';
import { HtmlOutput } from './html';

export class Ui extends GasObject {
  readonly Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  readonly ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  constructor(readonly _env: ServiceEnv, readonly _ssId: string) { super(_env.ex); }
  _kind() { return 'Ui'; }

  createAddonMenu(): Menu { return new Menu(this._env, this._env.opts.addOnName, true); }
  createMenu(caption: string): Menu { return new Menu(this._env, String(caption), false); }

  showSidebar(html: HtmlOutput): void {
    this._requireFull('Ui.showSidebar');
    this._ex.charge(this._ex.latency.uiMs);
    this._ex.ui.sidebars.push({ title: html._title, html: html._content() });
  }
  showModalDialog(html: HtmlOutput, title: string): void {
    this._requireFull('Ui.showModalDialog');
    this._ex.charge(this._ex.latency.uiMs);
    this._ex.ui.dialogs.push({ title: String(title), html: html._content(), modal: true });
  }
  showModelessDialog(html: HtmlOutput, title: string): void {
    this._requireFull('Ui.showModelessDialog');
    this._ex.charge(this._ex.latency.uiMs);
    this._ex.ui.dialogs.push({ title: String(title), html: html._content(), modal: false });
  }
  /** Headless: the dialog is recorded and answered at once with OK (or YES). */
  alert(a: string, b?: string, c?: string): string {
    this._requireFull('Ui.alert');
    this._ex.charge(this._ex.latency.uiMs);
    const withTitle = c !== undefined || (b !== undefined && !(b in this.ButtonSet));
    const rec = withTitle ? { title: String(a), prompt: String(b), buttons: c } : { prompt: String(a), buttons: b };
    this._ex.ui.alerts.push(rec);
    return (rec.buttons ?? 'OK').startsWith('YES') ? 'YES' : 'OK';
  }

  private _requireFull(method: string): void {
    if (!(this._ex.authMode === 'FULL')) {
      requireMode(this._env, method, ['NONE', 'LIMITED', 'CUSTOM_FUNCTION']);
    }
    requireScope(this._env, method, SCOPES.containerUi);
  }
}

export class Menu extends GasObject {
  readonly _items: MenuItemRecord[] = [];
  constructor(readonly _env: ServiceEnv, readonly _title: string, readonly _addon: boolean) { super(_env.ex); }
  _kind() { return 'Menu'; }
  addItem(caption: string, functionName: string): Menu {
    if (!functionName) throw new GasError('Invalid argument: functionName'); // GUESS
    this._items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): Menu { this._items.push({ separator: true }); return this; }
  addSubMenu(menu: Menu): Menu { this._items.push({ subMenu: menu._record() }); return this; }
  addToUi(): void {
    this._ex.charge(this._ex.latency.uiMs);
    this._ex.ui.menus.push(this._record());
  }
  _record(): MenuRecord { return { title: this._title, addon: this._addon, items: this._items.map((i) => ({ ...i })) }; }
}
