/**
 * Drives the SCIM core through createScimHandler without sockets: one fresh handler per test, and shortcuts
 * for the requests most tests start with.
 */
import { expect } from 'vitest';
import { createScimHandler } from '../../src/server/app.ts';
import type { ScimHandler, ScimRequest, ScimResponse } from '../../src/server/types.ts';

export const TOKEN = 'app-test-token';
export const BASE = 'https://scim.example.test/scim/v2';
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

// Response bodies are asserted on, not typed.
export type Json = Record<string, any>;

export function request(method: string, target: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): ScimRequest {
  const [path = '', search = ''] = target.split('?');
  const req: ScimRequest = { method, path, query: new URLSearchParams(search), headers };
  if (body !== undefined) req.body = body;
  return req;
}

let current: ScimHandler = createScimHandler({ token: TOKEN, baseUrl: BASE });

/** A new handler with an empty store; call from beforeEach. */
export function resetHandler(): ScimHandler {
  current = createScimHandler({ token: TOKEN, baseUrl: BASE });
  return current;
}

export const handler = (req: ScimRequest): Promise<ScimResponse> => current(req);

export const call = async (method: string, target: string, body?: unknown): Promise<ScimResponse & { body: Json }> =>
  (await current(request(method, target, body))) as ScimResponse & { body: Json };

export async function createUser(userName: string, extra: Json = {}): Promise<Json> {
  const response = await call('POST', '/Users', { schemas: [USER], userName, ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

export async function createGroup(displayName: string, members: string[] = []): Promise<Json> {
  const response = await call('POST', '/Groups', { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) });
  expect(response.status).toBe(201);
  return response.body;
}
