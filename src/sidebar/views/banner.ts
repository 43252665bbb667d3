// The error banner: every failed server call ends up here with the server's message. Entries are
// added and removed one by one, so a screen reader announces each error once.

import { button, h } from '../dom';
import { dismissError, store, type ErrorNotice } from '../state';

export function mountBanner(el: HTMLElement): void {
  const shown = new Map<number, { notice: ErrorNotice; el: HTMLElement }>();
  const sync = (errors: readonly ErrorNotice[]): void => {
    const ids = new Set(errors.map((e) => e.id));
    shown.forEach((entry, id) => {
      if (ids.has(id)) return;
      const hadFocus = entry.el.contains(document.activeElement);
      entry.el.remove();
      shown.delete(id);
      if (hadFocus) (el.querySelector<HTMLElement>('.error button') ?? document.querySelector<HTMLElement>('summary'))?.focus();
    });
    for (const notice of errors) {
      const entry = shown.get(notice.id);
      if (entry && entry.notice === notice) continue;
      const node = h('div', { className: 'error', role: 'alert' },
        h('span', { className: 'error-text' }, notice.message, notice.repeats > 1 ? h('span', { className: 'muted' }, ` (${notice.repeats}×)`) : null),
        button('×', () => dismissError(notice.id), { className: 'btn icon', 'aria-label': 'Dismiss this error' }));
      if (entry) entry.el.replaceWith(node);
      else el.appendChild(node);
      shown.set(notice.id, { notice, el: node });
    }
  };
  let last: readonly ErrorNotice[] = [];
  store.subscribe((s) => {
    if (s.errors === last) return;
    last = s.errors;
    sync(s.errors);
  });
}
