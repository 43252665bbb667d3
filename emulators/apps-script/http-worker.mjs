// The worker thread behind UrlFetchApp: real HTTP with Node's http/https, answered to a main thread
// that is blocked in Atomics.wait (see http-bridge.ts). Requests of one batch run in parallel.
// Because the main thread is blocked, servers it calls must run in another thread or process.
import { workerData } from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const { flag, port } = workerData;

// The socket buffers of each answer are dead once it is handed over, but this thread allocates
// so little on its own heap that V8 would let tens of MB of them pile up before collecting.
// A full collection of this tiny heap after each batch takes a millisecond or two.
// The flag is process-wide, so it is turned off again once this thread holds its gc().
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
if (!process.execArgv.includes('--expose-gc')) setFlagsFromString('--no-expose-gc');
const MAX_BODY = 50 * 1024 * 1024;

function once(req, url, redirectsLeft) {
  return new Promise((resolve) => {
    let target;
    try { target = new URL(url); } catch { resolve({ ok: false, code: 'EINVALIDURL', message: url }); return; }
    const lib = target.protocol === 'https:' ? https : http;
    const headers = { ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    let done = false;
    const finish = (r) => { if (!done) { done = true; clearTimeout(timer); resolve(r); } };
    const r = lib.request(target, { method: req.method, headers, rejectUnauthorized: req.validateHttpsCertificates !== false }, (res) => {
      const status = res.statusCode ?? 0;
      if (req.followRedirects && [301, 302, 303, 307, 308].includes(status) && res.headers.location && redirectsLeft > 0) {
        res.resume();
        const next = new URL(res.headers.location, target).toString();
        const keep = status === 307 || status === 308;
        const nextReq = keep ? req : { ...req, method: 'GET', body: undefined, headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== 'content-type')) };
        once(nextReq, next, redirectsLeft - 1).then(finish);
        return;
      }
      const chunks = []; let size = 0;
      res.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) { finish({ ok: false, code: 'ETOOLARGE', message: url }); res.destroy(); return; }
        chunks.push(c);
      });
      res.on('end', () => {
        // One copy into a buffer of its own, which the answer transfers rather than copies.
        const body = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) { body.set(c, at); at += c.length; }
        const hs = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) hs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        finish({ ok: true, status, headers: hs, body, finalUrl: url });
      });
      res.on('error', (e) => finish({ ok: false, code: e.code ?? 'ERROR', message: e.message }));
    });
    const timer = setTimeout(() => { finish({ ok: false, code: 'ETIMEDOUT', message: url }); r.destroy(); }, req.timeoutMs);
    r.on('error', (e) => finish({ ok: false, code: e.code ?? 'ERROR', message: e.message }));
    if (req.body) r.end(Buffer.from(req.body)); else r.end();
  });
}

port.on('message', async ({ id, requests }) => {
  let responses;
  try {
    responses = await Promise.all(requests.map((req) => once(req, req.url, req.maxRedirects)));
  } catch (e) {
    responses = requests.map(() => ({ ok: false, code: 'ERROR', message: String(e) }));
  }
  port.postMessage({ id, responses }, responses.flatMap((r) => (r.ok ? [r.body.buffer] : [])));
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  collect();
});
