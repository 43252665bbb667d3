// First-time setup: the Zoho client id and secret, and the redirect URI to register at Zoho's API
// console. What the user typed survives re-renders (a failed save keeps the form filled).

import type { ConnectionState } from '../../shared/rpc';
import { button, focusKey, h, uid, type Child } from '../dom';
import { call } from '../rpc';
import { isBusy, reportError, track, updateSidebar } from '../state';

const draft = { clientId: '', clientSecret: '' };
let copyStatus = '';
let formProblem = '';

const ids = { clientId: uid('client-id'), clientSecret: uid('client-secret'), redirect: uid('redirect-uri') };

/** `onSaved` runs with the new connection state once the client is stored. */
export function renderSetup(connection: ConnectionState, rerender: () => void, onSaved: (state: ConnectionState) => void): Child[] {
  if (!connection.canManageClient) {
    // Everyone shares this client, so only an administrator of the deployment may set it (README, Security).
    return [
      h('p', null, 'The add-on\'s Zoho API client is not set up yet, and only its administrators can set it up.'),
      h('p', { className: 'muted small' }, 'Ask the person who deployed the add-on to add your Google account to ZCS_ADMIN_EMAILS, or to set ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET, under Project Settings > Script properties in the Apps Script editor.'),
    ];
  }
  const saving = isBusy('save-client');
  // A read-only text area shows the whole URI wrapped, and its text can be selected for copying.
  const redirect = h('textarea', { id: ids.redirect, readonly: true, rows: 3, value: connection.redirectUri, className: 'mono', spellcheck: 'false', 'data-key': 'redirect' });
  return [
    h('p', null, 'To connect, this add-on needs a Zoho API client. Someone with access to Zoho\'s API console sets it up once:'),
    h('ol', { className: 'steps' },
      h('li', null, 'Open ', h('a', { href: 'https://api-console.zoho.com/', target: '_blank', rel: 'noopener' }, 'api-console.zoho.com'),
        ' and add a ', h('strong', null, 'Server-based Application'), '.'),
      h('li', null, h('label', { for: ids.redirect }, 'Register this exact Authorized Redirect URI:'),
        redirect,
        h('div', { className: 'actions tight' },
          button('Copy', () => copyRedirect(redirect, rerender), { className: 'btn small', 'data-key': 'copy-redirect', 'aria-label': 'Copy the redirect URI' }),
          h('span', { className: 'muted', 'aria-live': 'polite' }, copyStatus))),
      h('li', null, 'Paste the Client ID and Client Secret Zoho shows:')),
    h('form', { className: 'stack', novalidate: true, onSubmit: (e) => { e.preventDefault(); void save(rerender, onSaved); } },
      h('label', { for: ids.clientId }, 'Client ID'),
      h('input', { id: ids.clientId, type: 'text', autocomplete: 'off', spellcheck: 'false', value: draft.clientId, 'data-key': 'client-id',
        onInput: (e) => { draft.clientId = (e.target as HTMLInputElement).value; } }),
      h('label', { for: ids.clientSecret }, 'Client Secret'),
      h('input', { id: ids.clientSecret, type: 'password', autocomplete: 'off', value: draft.clientSecret, 'data-key': 'client-secret',
        onInput: (e) => { draft.clientSecret = (e.target as HTMLInputElement).value; } }),
      formProblem ? h('p', { className: 'field-error', role: 'alert' }, formProblem) : null,
      h('div', { className: 'actions' },
        h('button', { type: 'submit', className: 'btn primary', disabled: saving, 'data-key': 'save-client' }, saving ? 'Saving…' : 'Save and continue')),
      h('p', { className: 'muted small' }, 'The secret is kept in the script\'s properties and is never shown again.')),
  ];
}

async function save(rerender: () => void, onSaved: (state: ConnectionState) => void): Promise<void> {
  const clientId = draft.clientId.trim();
  const clientSecret = draft.clientSecret.trim();
  formProblem = !clientId || !clientSecret ? 'Fill in both the Client ID and the Client Secret.' : '';
  rerender();
  if (formProblem) return;
  const state = await track('save-client', () => call('saveZohoClient', clientId, clientSecret));
  if (!state) return;
  draft.clientSecret = '';
  updateSidebar({ connection: state });
  onSaved(state);
  if (!state.configured) reportError(new Error('The Zoho client was not saved. Check the Client ID and Secret and try again.'));
}

function copyRedirect(input: HTMLTextAreaElement, rerender: () => void): void {
  const show = (ok: boolean): void => {
    copyStatus = ok ? 'Copied.' : 'Could not copy: select the address and press Ctrl+C.';
    rerender();
    focusKey(document, 'copy-redirect');
  };
  // execCommand works inside the sandboxed iframe, where the async clipboard may be blocked.
  input.focus();
  input.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  if (copied || !navigator.clipboard) {
    show(copied);
    return;
  }
  navigator.clipboard.writeText(input.value).then(() => show(true), () => show(false));
}
