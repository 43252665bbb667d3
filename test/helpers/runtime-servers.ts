// Starts the runtime tests' HTTP server (runtime-http-server.ts) in a child process and gives
// scenario helpers around it: script the token endpoint's next answers, read what it received.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** The next answers of /oauth/v2/token, in order (then it issues tokens again). */
  scriptTokenResponses(responses: Array<{ status: number; body: string; contentType?: string }>): Promise<void>;
  /** Every request received (except /__admin), oldest first. */
  requests(): Promise<Array<{ method: string; path: string; headers: Record<string, string>; body: string; form: Record<string, string> }>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'runtime-http-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'], cwd: path.join(__dirname, '..', '..'),
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async scriptTokenResponses(responses) {
      await fetch(`${url}/__admin/token-responses`, { method: 'POST', body: JSON.stringify(responses) });
    },
    async requests() {
      return (await (await fetch(`${url}/__admin/requests`)).json()) as Awaited<ReturnType<TestServer['requests']>>;
    },
    async reset() {
      await fetch(`${url}/__admin/reset`, { method: 'POST' });
    },
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
