// Escaping for every text that ends up in HTML we produce (callback pages, sidebar fragments).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The page the OAuth callback shows in its own browser tab: what happened, and that it can be closed. */
export function renderCallbackPage(outcome: { ok: boolean; title: string; message: string }): string {
  const color = outcome.ok ? '#137333' : '#c5221f';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(outcome.title)}</title></head>`
    + `<body style="font:14px/1.5 Roboto,Arial,sans-serif;margin:40px;max-width:560px">`
    + `<h1 style="font-size:20px;color:${color}">${escapeHtml(outcome.title)}</h1>`
    + `<p>${escapeHtml(outcome.message)}</p>`
    + `<p>You can close this tab and return to your spreadsheet.</p>`
    + `</body></html>`;
}
