// The HTML consent page at GET /oauth/v2/auth: app name, requested scopes, a user chooser and a
// login field, Accept / Deny. The form posts back to the same accounts server, as a browser would.

const SCOPE_TEXT: Record<string, string> = {
  'zohocrm.modules.all': 'Read, create, update and delete all module records',
  'zohocrm.modules.read': 'Read all module records',
  'zohocrm.settings.all': 'Read and change CRM settings',
  'zohocrm.users.read': 'Read users',
  'zohocrm.org.read': 'Read organization details',
  'zohocrm.coql.read': 'Run COQL queries',
  'zohocrm.bulk.read': 'Export records in bulk',
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface ConsentPageInput {
  appName: string;
  location: string;
  scopes: string[];
  hidden: Record<string, string>;
  users: { email: string; name: string; location: string }[];
  error?: string;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n      ');
  const scopes = input.scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code> ${escapeHtml(SCOPE_TEXT[s.toLowerCase()] ?? '')}</li>`).join('\n        ');
  const options = input.users
    .map((u) => `<option value="${escapeHtml(u.email)}">${escapeHtml(u.name)} &lt;${escapeHtml(u.email)}&gt; (${escapeHtml(u.location.toUpperCase())})</option>`).join('\n          ');
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Zoho Accounts (emulator) - Authorize ${escapeHtml(input.appName)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; color: #222; }
    .card { border: 1px solid #ccc; border-radius: 8px; padding: 1.5rem; }
    .error { color: #b00020; }
    button { padding: .5rem 1.25rem; margin-right: .5rem; }
    small { color: #666; }
  </style>
</head>
<body>
  <div class="card">
    <h1>${escapeHtml(input.appName)} would like to access your Zoho CRM</h1>
    <small>Zoho Accounts emulator, ${escapeHtml(input.location.toUpperCase())} data centre</small>
    ${error}
    <form method="post" action="/oauth/v2/auth" id="consent">
      ${hidden}
      <p><label for="email">Sign in as</label>
        <select name="email" id="email">
          ${options}
        </select></p>
      <p><label for="login">or type your e-mail</label>
        <input type="email" name="login" id="login" autocomplete="username"></p>
      <p>The application will be able to:</p>
      <ul>
        ${scopes}
      </ul>
      <button type="submit" name="decision" value="accept" id="accept">Accept</button>
      <button type="submit" name="decision" value="deny" id="deny">Deny</button>
    </form>
  </div>
</body>
</html>`;
}

export function renderErrorPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
}
