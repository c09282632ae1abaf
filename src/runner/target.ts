/**
 * Where a run goes: the connection's SCIM base URL, or, when it names none, the embedded reference server
 * started on loopback with the connection's token for the length of the run.
 */
import { startReferenceServer } from '../server/http.ts';
import type { Connection } from './run-input.ts';

export interface OpenTarget {
  baseUrl: string;
  close(): Promise<void>;
}

export async function openTarget(connection: Pick<Connection, 'baseUrl' | 'token'>): Promise<OpenTarget> {
  if (connection.baseUrl !== undefined) return { baseUrl: connection.baseUrl, close: async () => {} };
  const server = await startReferenceServer({ token: connection.token });
  return { baseUrl: server.baseUrl, close: () => server.close() };
}
