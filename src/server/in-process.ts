/**
 * The reference server without a socket: the same handler and HTTP adapter as `startReferenceServer`
 * (http-exchange.ts), answering requests handed to it by a function call. The embedded run uses it through
 * the client's in-process dispatcher (src/client/in-process-dispatcher.ts); `serve` and every test that needs
 * a real server keep node:http. Its base URL is under `.invalid` (RFC 6761 §6.4: never resolves), so a
 * request that somehow took the network instead would fail at once rather than reach anything.
 */
import { randomBytes } from 'node:crypto';
import { createScimHandler } from './app.ts';
import type { DeclaredExtension } from './types.ts';
import { DEFAULT_BASE_PATH, DEFAULT_MAX_BODY_BYTES, answerHttpRequest, serialiseResponse, type RawHttpResponse } from './http-exchange.ts';

export const IN_PROCESS_ORIGIN = 'http://embedded-reference-server.invalid';

export interface InProcessReferenceServer {
  /** `http://embedded-reference-server.invalid/scim/v2`. */
  baseUrl: string;
  origin: string;
  token: string;
  /** Answers one HTTP request (target: path and query); never throws. */
  answer(request: { method: string; target: string; headers: Record<string, string>; body: Buffer }): Promise<RawHttpResponse>;
}

export function createInProcessReferenceServer(options: { token?: string; declaredExtensions?: readonly DeclaredExtension[] } = {}): InProcessReferenceServer {
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token === '') throw new Error('The reference server needs a non-empty token.');
  const baseUrl = `${IN_PROCESS_ORIGIN}${DEFAULT_BASE_PATH}`;
  const handler = createScimHandler({ token, baseUrl, middleware: [], ...(options.declaredExtensions === undefined ? {} : { declaredExtensions: options.declaredExtensions }) });
  const adapter = { basePath: DEFAULT_BASE_PATH, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, handler };
  return {
    baseUrl,
    origin: IN_PROCESS_ORIGIN,
    token,
    answer: async ({ method, target, headers, body }) => {
      const tooLarge = body.length > DEFAULT_MAX_BODY_BYTES;
      const response = await answerHttpRequest({ method, target, headers, body: tooLarge ? Buffer.alloc(0) : body, tooLarge }, adapter);
      return serialiseResponse(response, tooLarge);
    },
  };
}
