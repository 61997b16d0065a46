// A fault-injecting TCP proxy on loopback, in front of a real backend. Modes apply to new
// connections: 'up' forwards; 'down' resets at once (backend unreachable); 'hang' accepts and
// never answers; 'reset-mid-response' forwards the request but resets the connection after a
// few bytes of the reply (the backend has committed); 'latency' delays every chunk.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'up' | 'down' | 'hang' | 'reset-mid-response' | 'latency';

export class TcpProxy {
  mode: ProxyMode = 'up';
  /** Per-connection mode picker (overrides `mode` when set). */
  picker: (() => ProxyMode) | null = null;
  /** Source of the latency jitter, a float in [0, 1): a seeded test sets its own so a run replays. */
  random: () => number = Math.random;
  connections = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((client) => this.onConnection(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private onConnection(client: Socket): void {
    this.connections++;
    this.track(client);
    const mode = this.picker ? this.picker() : this.mode;
    if (mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hang') return; // accept, read, never answer
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    const delay = (fn: () => void) => (mode === 'latency' ? setTimeout(fn, 5 + this.random() * 40) : fn());
    client.on('data', (chunk) => delay(() => upstream.write(chunk)));
    let replied = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'reset-mid-response') {
        const cut = Math.max(1, Math.min(chunk.length, 20 - replied));
        if (replied < 20) client.write(chunk.subarray(0, cut));
        replied += cut;
        if (replied >= 20) client.resetAndDestroy();
        return;
      }
      delay(() => client.write(chunk));
    });
  }

  /** Drops every open connection (keeps listening). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
