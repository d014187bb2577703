/**
 * A TCP proxy in front of PostgreSQL that a test can stop (connections refused), stall (connections
 * accepted, nothing forwarded) and start again: a store that is down or hangs, for real.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Forward connections to the target (the default). */
  forward(): Promise<void>;
  /** Accept connections but forward nothing, and freeze the open ones. */
  stall(): void;
  /** Close the port and every open connection: new connections are refused. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  let mode: 'forward' | 'stall' = 'forward';
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let boundPort = port;

  const listen = async (): Promise<void> => {
    const s = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      if (mode === 'stall') return;
      const upstream = connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(boundPort, '127.0.0.1', resolve);
    });
    boundPort = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return boundPort;
    },
    async forward() {
      mode = 'forward';
      if (!server) await listen();
    },
    stall() {
      mode = 'stall';
      for (const socket of sockets) {
        socket.pause();
        socket.unpipe();
      }
    },
    stop,
    close: stop,
  };
}
