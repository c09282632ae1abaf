/**
 * Resolves where a run goes: the configured SCIM base URL and token, or, when none is configured, the
 * embedded reference server started on loopback with a random token for the length of the run.
 */
import { startReferenceServer } from '../server/http.ts';

export interface Target {
  baseUrl: string;
  token: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openTarget(configured: { baseUrl?: string | undefined; token?: string | undefined }): Promise<Target> {
  if (configured.baseUrl && configured.token) {
    return { baseUrl: configured.baseUrl, token: configured.token, embedded: false, close: async () => {} };
  }
  const server = await startReferenceServer({});
  return { baseUrl: server.baseUrl, token: server.token, embedded: true, close: () => server.close() };
}
