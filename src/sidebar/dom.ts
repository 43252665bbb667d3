// Building DOM by construction: `h` makes elements and every string child becomes a text node, so
// text from Zoho or the sheet is never parsed as HTML. Nothing here parses markup.

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;

/** Attribute values; `on…` keys take event handlers, `true` sets a boolean attribute, null/false omit it. */
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

// Set as properties so they win over what the user typed into a reused element.
const PROPERTIES = new Set(['value', 'checked']);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (PROPERTIES.has(key)) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else parent.appendChild(typeof child === 'object' ? (child as Node) : document.createTextNode(String(child)));
  }
}

// A control that was disabled while its call ran loses focus; its key waits here so that focus
// returns to it when it is enabled again (unless the user has moved on meanwhile).
const focusWaiting = new WeakMap<HTMLElement, string>();

/** Replaces an element's children, keeping keyboard focus on the "same" control when it still exists. */
export function replaceChildren(parent: HTMLElement, children: readonly Child[]): void {
  const active = document.activeElement;
  const focusLost = !active || active === document.body;
  const key = focusedKey(parent) ?? (focusLost ? focusWaiting.get(parent) ?? null : null);
  focusWaiting.delete(parent);
  const scrollTop = parent.scrollTop;
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
  parent.scrollTop = scrollTop;
  if (key && !focusKey(parent, key)) focusWaiting.set(parent, key);
}

/** Controls that should keep focus across re-renders carry `data-key`; this is the focused one's. */
function focusedKey(parent: HTMLElement): string | null {
  const active = document.activeElement;
  if (!active || !parent.contains(active)) return null;
  return active.getAttribute('data-key');
}

/** Focuses the first element with this data-key inside `root`, if any (after an action moved things). */
export function focusKey(root: ParentNode, key: string): boolean {
  const match = Array.from(root.querySelectorAll<HTMLElement>('[data-key]')).find((el) => el.getAttribute('data-key') === key);
  if (!match || (match as HTMLButtonElement).disabled) return false;
  match.focus();
  return true;
}

let nextId = 0;
/** A page-unique id for label/for pairs. */
export function uid(prefix: string): string {
  nextId++;
  return `${prefix}-${nextId}`;
}

/** A button that is type="button" (so Enter in a form never submits by accident). */
export function button(label: Child, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', className: 'btn', ...attrs, onClick: () => onClick() }, label);
}

/** Text that ellipsizes in one line, with the full text as a tooltip. */
export function ellipsis(text: string, className = ''): HTMLSpanElement {
  return h('span', { className: `ellipsis ${className}`.trim(), title: text }, text);
}
