// Synchronous HTTP for UrlFetchApp: a persistent worker thread (http-worker.mjs) does the I/O while
// this thread blocks in Atomics.wait, the technique synckit and gas-fakes use (§5.3). Written out
// here rather than through synckit so that `close()` can terminate the worker.
// Deadlock rule: a server on this thread is never served while a call blocks; run it in a child
// process or a worker thread.

import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  followRedirects: boolean;
  maxRedirects: number;
  validateHttpsCertificates: boolean;
  timeoutMs: number;
}

export type WireResponse =
  | { ok: true; status: number; headers: Array<[string, string]>; body: Uint8Array; finalUrl: string }
  | { ok: false; code: string; message: string };

export class HttpBridge {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private flag: Int32Array | undefined;
  private nextId = 1;

  /** Sends requests in parallel and blocks until every one has an answer or failed. */
  send(requests: WireRequest[], opts: { handOver?: boolean } = {}): WireResponse[] {
    if (requests.length === 0) return [];
    const { port, flag } = this.start();
    const id = this.nextId++;
    const deadline = Date.now() + Math.max(...requests.map((r) => r.timeoutMs)) + 10_000;
    Atomics.store(flag, 0, 0);
    // With handOver, bodies that own their whole buffer are moved to the worker rather than copied
    // (a chunk of cells for a cell store is megabytes); they are unusable here afterwards.
    const owned = opts.handOver
      ? requests.flatMap((r) => (r.body && r.body.byteOffset === 0 && r.body.byteLength === r.body.buffer.byteLength ? [r.body.buffer as ArrayBuffer] : []))
      : [];
    port.postMessage({ id, requests }, owned);
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('UrlFetch worker did not answer in time');
      Atomics.wait(flag, 0, 0, remaining);
      const msg = receiveMessageOnPort(port) as { message: { id: number; responses: WireResponse[] } } | undefined;
      if (msg && msg.message.id === id) return msg.message.responses;
      Atomics.store(flag, 0, 0);
    }
  }

  close(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }

  private start(): { port: MessagePort; flag: Int32Array } {
    if (!this.worker || !this.port || !this.flag) {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      this.worker = new Worker(path.join(__dirname, 'http-worker.mjs'), { workerData: { flag, port: port2 }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      this.worker.unref();
      this.port = port1;
      this.flag = flag;
    }
    return { port: this.port, flag: this.flag };
  }
}
