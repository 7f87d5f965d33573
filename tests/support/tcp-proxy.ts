import net from 'node:net';

/**
 * A loopback TCP proxy in front of the database server: cut() drops every connection and refuses
 * new ones (the database is "down" for the app behind it), restore() lets connections through again.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    get port() {
      return port;
    },
    async cut() {
      const s = server!;
      server = null;
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => s.close(r));
    },
    restore: open,
    close: async () => {
      for (const sock of sockets) sock.destroy();
      if (server) await new Promise((r) => server!.close(r));
    },
  };
}
