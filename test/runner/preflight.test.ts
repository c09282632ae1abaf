/**
 * The preflight reads SCIM errors too: a SCIM server reached under a wrong base URL answers the Test
 * Connection query with a 404 (or 400/405) SCIM Error, which is still SCIM. When the discovery endpoints
 * under the same base are missing as well, the base URL is named as the mistake before any write; a filter
 * bug of a server whose discovery endpoints answer is left to the cases.
 */
import { describe, expect, it } from 'vitest';
import { labelPrefix, toReply, type Reply } from '../../src/model/reply.ts';
import type { OutgoingRequest } from '../../src/model/transport.ts';
import { PreflightError, preflight } from '../../src/runner/preflight.ts';

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A target whose answers are chosen by the first path segment: query (/Users), /ServiceProviderConfig, /Schemas. */
function target(baseUrl: string, statuses: { query: number; spc: number; schemas: number }): { send: (request: OutgoingRequest) => Promise<Reply>; sent: string[] } {
  const sent: string[] = [];
  const send = async (request: OutgoingRequest): Promise<Reply> => {
    sent.push(`${request.method} ${request.path}`);
    const status = request.path.startsWith('/ServiceProviderConfig') ? statuses.spc : request.path.startsWith('/Schemas') ? statuses.schemas : statuses.query;
    const json =
      status >= 400
        ? { schemas: [SCIM_ERROR], status: String(status), detail: 'Resource not found' }
        : request.path.startsWith('/ServiceProviderConfig')
          ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: true }, filter: { supported: true } }
          : { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
    const bodyText = JSON.stringify(json);
    const url = `${baseUrl}${request.path}`;
    return toReply(
      request,
      { status, headers: { 'content-type': 'application/scim+json' }, bodyText, json, exchange: { request: { method: request.method, url, headers: {} }, response: { status, headers: {}, body: bodyText }, durationMs: 1 } },
      labelPrefix(baseUrl),
    );
  };
  return { send, sent };
}

async function preflightError(baseUrl: string, statuses: { query: number; spc: number; schemas: number }): Promise<PreflightError | undefined> {
  try {
    await preflight(target(baseUrl, statuses).send, 'userName', baseUrl);
    return undefined;
  } catch (error) {
    if (error instanceof PreflightError) return error;
    throw error;
  }
}

describe('preflight: a SCIM Error under a wrong base URL', () => {
  it('a base URL ending in /Users: 404 SCIM Errors everywhere name the doubled /Users/Users and the fix', async () => {
    const error = await preflightError('https://h.example/scim/v2/Users', { query: 404, spc: 404, schemas: 404 });
    expect(error?.kind).toBe('not-scim');
    expect(error?.message).toMatch(/^wrong base URL: GET https:\/\/h\.example\/scim\/v2\/Users\/Users\?filter=\S+ answered 404 with a SCIM Error, and \/ServiceProviderConfig and \/Schemas under the same base are missing too; the base URL ends with \/Users/);
    expect(error?.message.split('\n')).toHaveLength(1);
  });

  it('a wrong version (/scim/v1) or no /scim path: named the same way, with the hint that fits', async () => {
    expect((await preflightError('https://h.example/scim/v1', { query: 404, spc: 404, schemas: 404 }))?.message).toMatch(/names version v1/);
    expect((await preflightError('https://h.example/api', { query: 405, spc: 200, schemas: 404 }))?.message).toMatch(/\/Schemas under the same base is missing too; the base URL has no \/scim path/);
  });

  it('a server whose discovery answers keeps going: its 404 or 400 on the query is a finding for the cases', async () => {
    expect(await preflightError('https://h.example/scim/v2', { query: 404, spc: 200, schemas: 200 })).toBeUndefined();
    // A 400 is a filter the server refuses unless both discovery endpoints are missing too.
    expect(await preflightError('https://h.example/scim/v2', { query: 400, spc: 404, schemas: 200 })).toBeUndefined();
    expect(await preflightError('https://h.example/scim/v2', { query: 400, spc: 404, schemas: 404 })).toBeInstanceOf(PreflightError);
    // Other SCIM errors (500, 501) are findings too, and a ListResponse is what Entra wants.
    expect(await preflightError('https://h.example/scim/v2', { query: 500, spc: 404, schemas: 404 })).toBeUndefined();
    expect(await preflightError('https://h.example/scim/v2', { query: 200, spc: 404, schemas: 404 })).toBeUndefined();
  });

  it('sends nothing but GETs', async () => {
    const { send, sent } = target('https://h.example/scim/v2/Groups', { query: 404, spc: 404, schemas: 404 });
    await expect(preflight(send, 'userName', 'https://h.example/scim/v2/Groups')).rejects.toThrow(/ends with \/Groups/);
    expect(sent.every((line) => line.startsWith('GET '))).toBe(true);
  });
});

describe('request labels under a base URL that names a resource', () => {
  it('keep the resource segment, so /Users/Users shows; a well-formed base URL adds nothing', () => {
    expect(labelPrefix('https://h.example/scim/v2/Users')).toBe('/Users');
    expect(labelPrefix('https://h.example/scim/v2/Groups/')).toBe('/Groups');
    expect(labelPrefix('https://h.example/scim/v2')).toBe('');
    expect(labelPrefix('https://h.example/scim/v2/')).toBe('');
    const reply = toReply({ method: 'GET', path: '/Users?filter=x' }, { status: 404, headers: {}, bodyText: '', exchange: { request: { method: 'GET', url: '', headers: {} }, durationMs: 0 } }, '/Users');
    expect(reply.label).toBe('GET /Users/Users?filter=x');
  });
});
