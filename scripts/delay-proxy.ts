/**
 * A loopback HTTP proxy that adds a fixed delay to every round trip, for `npm run bench`: a local server
 * (SCIMMY) behind it answers as a remote directory would over a network, half the delay on the way in and
 * half on the way out. Bodies are read whole and forwarded as they are; connections to the server are
 * kept alive, as a client's to a real directory would be. Not a general proxy: one upstream origin.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as wait } from 'node:timers/promises';

export interface DelayProxy {
  /** The upstream base URL with the proxy's origin instead. */
  baseUrl: string;
  close(): Promise<void>;
}

async function bodyOf(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDelayProxy(upstreamBaseUrl: string, roundTripMs: number): Promise<DelayProxy> {
  const upstream = new URL(upstreamBaseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const half = roundTripMs / 2;
  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const body = await bodyOf(incoming);
    await wait(half);
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const headers = { ...incoming.headers, host: upstream.host };
      const sent = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers, agent }, resolve);
      sent.on('error', reject);
      sent.end(body);
    });
    const answerBody = await bodyOf(answer);
    await wait(half);
    outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
    outgoing.end(answerBody);
  };
  const server = createServer((incoming, outgoing) => {
    forward(incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`delay proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = new URL(upstreamBaseUrl);
  baseUrl.host = `127.0.0.1:${port}`;
  return {
    baseUrl: baseUrl.toString().replace(/\/$/, ''),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
