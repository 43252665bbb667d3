// The Zoho connection: setup form when no client is configured, a Connect link-button when not
// connected (then watching until the user finishes in Zoho's tab), the account when connected.

import type { ConnectionState } from '../../shared/rpc';
import { button, h, type Child } from '../dom';
import { trustedAuthorizationUrl } from '../editor-model';
import { call } from '../rpc';
import { bindView, delay, isBusy, reportError, store, track, updateSidebar } from '../state';
import { renderSetup } from './setup';

/** Connection state is checked this often while the user is in Zoho's tab. */
export const CONNECT_POLL_INTERVAL_MS = 3000;
/** Then we stop asking and offer "Check again". */
export const CONNECT_WATCH_MS = 5 * 60 * 1000;
/** Connect links stay valid 60 minutes (the server's nonce lifetime); fetch a new one well before. */
export const AUTH_URL_MAX_AGE_MS = 45 * 60 * 1000;

let confirmingDisconnect = false;
let authUrlFetchedAt = 0;
let watchGeneration = 0;
/** 'cn' once the user said their Zoho account is in China: its sign-in must start at accounts.zoho.com.cn. */
let connectRegion: 'cn' | undefined;

export function mountConnection(el: HTMLElement, afterConnect: () => void): void {
  const rerender = bindView(el, (s) => [s.sidebar?.connection, s.authorizationUrl, s.connectWatch, s.busy], (s) => {
    const connection = s.sidebar?.connection;
    if (!connection) return [];
    return [
      connection.problem ? h('div', { className: 'notice bad', role: 'alert' }, h('strong', null, 'Zoho connection: '), connection.problem) : null,
      !connection.configured
        ? renderSetup(connection, () => rerender(), onClientSaved)
        : connection.connected
          ? renderConnected(connection, () => rerender())
          : renderConnect(s.authorizationUrl, s.connectWatch, afterConnect),
    ];
  });
  // Coming back from Zoho's tab: check at once rather than waiting for the next poll.
  window.addEventListener('focus', () => {
    if (store.get().connectWatch === 'watching') void checkConnection(afterConnect);
  });
  // A link left open for an hour would point at an expired nonce.
  window.setInterval(() => {
    const s = store.get();
    if (s.authorizationUrl && Date.now() - authUrlFetchedAt > AUTH_URL_MAX_AGE_MS) void refreshAuthorizationUrl();
  }, 60 * 1000);
}

function onClientSaved(state: ConnectionState): void {
  if (state.configured && !state.connected) void refreshAuthorizationUrl();
}

/** Fetches a fresh Connect link before the user clicks, so the click itself opens Zoho's tab. */
export async function refreshAuthorizationUrl(): Promise<void> {
  const answer = await track('auth-url', () => (connectRegion ? call('startConnect', connectRegion) : call('startConnect')));
  if (!answer) return;
  const url = trustedAuthorizationUrl(answer.authorizationUrl);
  if (!url) {
    reportError(new Error('The Connect link does not lead to Zoho\'s sign-in page, so it is not shown. Ask the person who set up the add-on to check its configuration.'));
    return;
  }
  authUrlFetchedAt = Date.now();
  store.update({ authorizationUrl: url });
}

function renderConnect(url: string | null, watch: 'idle' | 'watching' | 'gave-up', afterConnect: () => void): Child[] {
  const loadingUrl = isBusy('auth-url');
  const link = url
    ? h('a', {
      className: 'btn primary', href: url, target: '_blank', rel: 'noopener', 'data-key': 'connect',
      onClick: () => {
        // Let the browser open the tab first; the next link is fetched because each one is single-use.
        window.setTimeout(() => {
          store.update({ authorizationUrl: null });
          void refreshAuthorizationUrl();
          void watchConnection(afterConnect);
        }, 0);
      },
    }, 'Connect to Zoho CRM')
    : loadingUrl
      ? h('button', { type: 'button', className: 'btn primary', disabled: true }, 'Preparing Connect…')
      : button('Get a Connect link', () => void refreshAuthorizationUrl(), { className: 'btn primary', 'data-key': 'connect' });
  return [
    h('p', null, 'Connect this spreadsheet to your Zoho CRM account. Zoho opens in a new tab; accept there, then come back here.'),
    h('div', { className: 'actions' }, link),
    watch === 'watching'
      ? h('p', { className: 'muted', role: 'status' }, 'Waiting for you to accept in Zoho\'s tab…')
      : watch === 'gave-up'
        ? h('p', { role: 'status' }, 'Not connected yet. If you accepted in Zoho\'s tab, check again; otherwise click Connect once more.')
        : null,
    watch !== 'idle'
      ? button(isBusy('check-connection') ? 'Checking…' : watch === 'watching' ? 'Check now' : 'Check again', () => void checkConnection(afterConnect),
        { className: 'btn small', disabled: isBusy('check-connection'), 'data-key': 'check-connection' })
      : null,
    connectRegion
      ? h('p', { className: 'muted small' }, 'Signing in at Zoho China (accounts.zoho.com.cn).')
      : button('My Zoho account is in China (zoho.com.cn)', () => { connectRegion = 'cn'; store.update({ authorizationUrl: null }); void refreshAuthorizationUrl(); },
        { className: 'btn link small', 'data-key': 'connect-cn' }),
  ];
}

function renderConnected(connection: ConnectionState, rerender: () => void): Child[] {
  const busy = isBusy('disconnect');
  const account = connection.account;
  return [
    h('dl', { className: 'facts' },
      h('dt', null, 'Account'),
      h('dd', null, account ? [h('div', { className: 'wrap strong' }, account.name), account.email !== account.name ? h('div', { className: 'wrap muted' }, account.email) : null] : 'Connected'),
      connection.dataCenter ? [h('dt', null, 'Data center'), h('dd', { className: 'wrap' }, connection.dataCenter.label)] : null,
      // Setup detail for whoever manages the shared client; a rep's first screen does not show it.
      connection.canManageClient && connection.clientIdMasked ? [h('dt', null, 'API client'), h('dd', { className: 'wrap muted' }, connection.clientIdMasked)] : null),
    confirmingDisconnect
      ? h('div', { className: 'confirm', role: 'group', 'aria-label': 'Confirm disconnect' },
        h('p', null, 'Disconnect from Zoho CRM? Syncs, including the daily one, stop until someone connects again. The sheets keep their data.'),
        h('div', { className: 'actions' },
          button(busy ? 'Disconnecting…' : 'Disconnect', () => void disconnect(rerender), { className: 'btn danger', disabled: busy, 'data-key': 'disconnect-yes' }),
          button('Cancel', () => { confirmingDisconnect = false; rerender(); focusAfter('disconnect'); }, { disabled: busy, 'data-key': 'disconnect-no' })))
      : h('div', { className: 'actions' },
        button('Disconnect', () => { confirmingDisconnect = true; rerender(); focusAfter('disconnect-no'); }, { className: 'btn', 'data-key': 'disconnect' })),
  ];
}

function focusAfter(key: string): void {
  const el = Array.from(document.querySelectorAll<HTMLElement>('[data-key]')).find((e) => e.getAttribute('data-key') === key);
  el?.focus();
}

async function disconnect(rerender: () => void): Promise<void> {
  const state = await track('disconnect', () => call('disconnect'));
  confirmingDisconnect = false;
  if (!state) {
    rerender();
    return;
  }
  updateSidebar({ connection: state });
  store.update({ lastResult: null, editing: null });
  if (state.configured && !state.connected) void refreshAuthorizationUrl();
  focusAfter('connect');
}

/** One check of the connection; on success the whole sidebar reloads (definitions, runs…). */
async function checkConnection(afterConnect: () => void): Promise<boolean> {
  const state = await track('check-connection', () => call('getConnectionState'));
  if (!state) return false;
  updateSidebar({ connection: state });
  if (state.connected) {
    watchGeneration++;
    store.update({ connectWatch: 'idle', authorizationUrl: null });
    afterConnect();
    return true;
  }
  return false;
}

/** Polls every 3 s for up to 5 minutes while the user is in Zoho's tab. A new click restarts the clock. */
async function watchConnection(afterConnect: () => void): Promise<void> {
  const generation = ++watchGeneration;
  store.update({ connectWatch: 'watching' });
  const until = Date.now() + CONNECT_WATCH_MS;
  while (Date.now() < until) {
    await delay(CONNECT_POLL_INTERVAL_MS);
    if (generation !== watchGeneration) return;
    if (await checkConnection(afterConnect)) return;
  }
  if (generation === watchGeneration) store.update({ connectWatch: 'gave-up' });
}
