import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

const links: { server: net.Server; cut(): void }[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) {
    link.cut();
    await new Promise((resolve) => link.server.close(resolve));
  }
});

/**
 * A network link to a server that a test can cut and restore: a TCP relay on 127.0.0.1 that, while
 * down, drops every connection it has and refuses new ones, as a device going offline would see.
 */
export async function switchableLink(target: string) {
  const { hostname, port } = new URL(target);
  let up = true;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  const cut = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  links.push({ server, cut });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    down() {
      up = false;
      cut();
    },
    up() {
      up = true;
    },
  };
}
