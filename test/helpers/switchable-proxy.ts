// A loopback TCP proxy in front of the backend that can be cut and restored: it takes ONE
// console offline (its connections are dropped, new ones refused) while other consoles keep
// talking to the backend directly.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface SwitchableProxy {
  port: number;
  url: string;
  /** Refuse new connections and drop the open ones. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
}

export async function startSwitchableProxy(opts: {
  port: number;
  targetPort: number;
}): Promise<SwitchableProxy> {
  let server: Server | null = null;
  const sockets = new Set<Socket>();

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = createConnection({ host: '127.0.0.1', port: opts.targetPort });
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop);
        upstream.on('error', drop);
        client.on('close', drop);
        upstream.on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(opts.port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    async start() {
      if (!server) await listen();
    },
    stop() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
  };
}
