/**
 * Where a run goes: the connection's SCIM base URL, or, when it names none, the embedded reference server,
 * made for the length of the run with the connection's token and reached in process (no socket: the client's
 * requests are handed to the server's HTTP adapter by an undici Dispatcher, src/client/in-process-dispatcher.ts).
 */
import type { Dispatcher } from 'undici';
import { InProcessDispatcher } from '../client/in-process-dispatcher.ts';
import { customExtensionsOf } from '../profiles/declared-extensions.ts';
import type { Profile } from '../profiles/profile.ts';
import { createInProcessReferenceServer } from '../server/in-process.ts';
import type { Connection } from './run-input.ts';

export interface OpenTarget {
  baseUrl: string;
  /** The embedded server's in-process dispatcher; undefined: over the network. */
  dispatcher?: Dispatcher;
  close(): Promise<void>;
}

/** The embedded server declares the custom extensions the profile maps, as a target built for it would. */
export async function openTarget(connection: Pick<Connection, 'baseUrl' | 'token'>, profile?: Profile): Promise<OpenTarget> {
  if (connection.baseUrl !== undefined) return { baseUrl: connection.baseUrl, close: async () => {} };
  const server = createInProcessReferenceServer({ token: connection.token, declaredExtensions: profile === undefined ? [] : customExtensionsOf(profile) });
  const dispatcher = new InProcessDispatcher(server.origin, (request) => server.answer(request));
  return { baseUrl: server.baseUrl, dispatcher, close: () => dispatcher.close() };
}
