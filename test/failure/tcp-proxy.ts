import net from 'node:net';

// A TCP proxy the database-outage test puts between the server and the shared PostgreSQL, so it can cut the
// database off from this one server (and bring it back) without stopping PostgreSQL for everyone else.

export type CutMode =
  /** Drop every connection and stop listening: new connections are refused (a stopped database). */
  | 'refuse'
  /** Drop every connection, then accept new ones but never answer (a database host that hangs). */
  | 'stall';

export interface TcpProxy {
  readonly port: number;
  /** Cuts the database off: open connections are destroyed at once. */
  cut(mode?: CutMode): Promise<void>;
  /** Forwards connections again, on the same port. */
  restore(): Promise<void>;
  /** How many client connections it has accepted (forwarded or not). */
  accepted(): number;
  close(): Promise<void>;
}

/** Starts a proxy on a free local port forwarding to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: 'forward' | CutMode = 'forward';
  let accepted = 0;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    accepted++;
    track(client);
    if (mode !== 'forward') return; // stalled: accepted, never answered
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    accepted: () => accepted,
    async cut(next = 'refuse') {
      mode = next;
      if (next === 'refuse' && server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        destroyAll();
        await closed;
      }
      if (next === 'stall' && !server.listening) await listen(port);
      destroyAll();
    },
    async restore() {
      destroyAll();
      mode = 'forward';
      if (!server.listening) await listen(port);
    },
    async close() {
      mode = 'refuse';
      destroyAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
