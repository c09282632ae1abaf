/**
 * Shared fixtures for the PATCH engine tests: a sample user and group, and one-line appliers.
 */
import { applyPatch, type PatchContext } from '../../src/server/patch.ts';
import type { Member } from '../../src/server/members.ts';
import { PATCH_OP_SCHEMA } from '../../src/server/schema.ts';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export type Json = Record<string, unknown>;

export const patchOf = (...Operations: unknown[]): Json => ({ schemas: [PATCH_OP_SCHEMA], Operations });

export function user(): Json {
  return {
    userName: 'bjensen@example.com',
    displayName: 'Babs',
    name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' },
    emails: [{ type: 'work', value: 'bjensen@example.com', primary: true }],
    active: true,
  };
}

export const USERS = new Set(['u1', 'u2', 'u3', 'u4', 'f648f8d5ea4e4cd38e9c', '7f4bc1a3-285e-48ae-8202-5accb43efb0e']);
export const groupContext: PatchContext = { resourceType: 'Group', memberExists: (id) => USERS.has(id) };

export function group(...ids: string[]): Json {
  return { displayName: 'Group', members: ids.map((value) => ({ value })) };
}

export const patchUser = (resource: Json, ...ops: unknown[]): Json => applyPatch(resource, patchOf(...ops), { resourceType: 'User' });
export const patchGroup = (resource: Json, ...ops: unknown[]): Json => applyPatch(resource, patchOf(...ops), groupContext);
export const memberIds = (resource: Json): string[] => (resource.members as Member[]).map((m) => m.value);

/** The error a PATCH threw; fails the test when it did not throw. */
export function rejection(run: () => unknown): { status: number; scimType?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { status: number; scimType?: string; message: string };
  }
  throw new Error('expected the PATCH to be rejected');
}
