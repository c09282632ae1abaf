/** Throwaway servers on 127.0.0.1 for the client tests; every one tracks its sockets so close() never hangs. */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Running {
  /** `http://127.0.0.1:<port>` (or https). */
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

function track(server: net.Server, scheme: 'http' | 'https'): Promise<Running> {
  const sockets = new Set<net.Socket>();
  const running: Running = {
    url: '',
    port: 0,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => {
    running.connections += 1;
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      running.port = port;
      running.url = `${scheme}://127.0.0.1:${port}`;
      resolve(running);
    });
  });
}

export function startHttp(handler: http.RequestListener): Promise<Running> {
  return track(http.createServer(handler), 'http');
}

export function startHttps(options: { cert: string; key: string }, handler: http.RequestListener): Promise<Running> {
  return track(https.createServer(options, handler), 'https');
}

/** A raw TCP server: the test writes whatever bytes (or nothing) it likes. */
export function startRaw(onConnection: (socket: net.Socket) => void): Promise<Running> {
  return track(net.createServer(onConnection), 'http');
}

/** A port that was bound and released again: nothing listens on it. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
