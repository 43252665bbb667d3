// A small HTTP server for runtime tests, run in a child process (the runtime's synchronous
// UrlFetch blocks the jest thread, so a server there would never answer). Prints
// "LISTENING <port>" when ready. Routes: /echo, /status/<code>, /redirect, /slow, /big, /headers,
// a scriptable OAuth token endpoint at /oauth/v2/token, and /__admin/* to script and inspect it.
import http from 'node:http';

interface Scripted { status: number; body: string; contentType?: string }
interface Recorded { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; form: Record<string, string> }

const queue: Scripted[] = [];
const requests: Recorded[] = [];
let tokenCount = 0;

function send(res: http.ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(new URLSearchParams(/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') ? body : ''));
    if (!url.pathname.startsWith('/__admin')) requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body, form });

    if (url.pathname === '/__admin/token-responses' && req.method === 'POST') {
      queue.push(...(JSON.parse(body) as Scripted[]));
      return send(res, 204, '');
    }
    if (url.pathname === '/__admin/requests') return send(res, 200, JSON.stringify(requests));
    if (url.pathname === '/__admin/reset') { requests.length = 0; queue.length = 0; tokenCount = 0; return send(res, 204, ''); }

    if (url.pathname === '/oauth/v2/token') {
      const scripted = queue.shift();
      if (scripted) return send(res, scripted.status, scripted.body, scripted.contentType);
      tokenCount++;
      const token: Record<string, unknown> = { access_token: `AT${tokenCount}`, expires_in: 3600, token_type: 'Bearer' };
      if (form.grant_type === 'authorization_code') Object.assign(token, { refresh_token: 'RT1', api_domain: 'https://www.zohoapis.com' });
      return send(res, 200, JSON.stringify(token));
    }
    if (url.pathname === '/echo') {
      return send(res, 200, JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body, bodyBase64: raw.toString('base64') }));
    }
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) return send(res, Number(status[1]), url.searchParams.get('body') ?? `{"error":"status ${status[1]}"}`);
    if (url.pathname === '/redirect') {
      res.writeHead(Number(url.searchParams.get('code') ?? 302), { Location: url.searchParams.get('to') ?? '/echo' });
      return res.end();
    }
    if (url.pathname === '/slow') {
      setTimeout(() => send(res, 200, '{"slow":true}'), Number(url.searchParams.get('ms') ?? 100));
      return undefined;
    }
    if (url.pathname === '/big') return send(res, 200, 'x'.repeat(Number(url.searchParams.get('bytes') ?? 1000)), 'text/plain');
    if (url.pathname === '/headers') {
      res.writeHead(200, [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-One', 'yes'], ['Content-Type', 'text/plain; charset=utf-8']] as unknown as http.OutgoingHttpHeaders);
      return res.end('ok');
    }
    return send(res, 404, '{"error":"not found"}');
  });
});

server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`LISTENING ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
