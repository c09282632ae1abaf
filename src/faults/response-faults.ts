/**
 * Faults in the shape of a server's answers (reference §4.2, §4.3, §7 #24–#25): the core answers correctly
 * and the response (or the way the request body is read) is bent on the way out.
 */
import type { ScimMiddleware, ScimResponse } from '../server/types.ts';
import { is, isObject, mapResources, scimError, targetOf, type Json } from './kit.ts';
import type { FaultVariant } from './types.ts';

const isErrorBody = (response: ScimResponse): response is ScimResponse & { body: Json } =>
  response.status >= 400 && isObject(response.body) && Array.isArray(response.body.schemas);

/** Rewrites every SCIM Error response with `edit`. */
const rewriteErrors = (edit: (response: ScimResponse & { body: Json }) => ScimResponse): ScimMiddleware => async (request, next) => {
  const response = await next(request);
  return isErrorBody(response) ? edit(response) : response;
};

const errorStatusAsNumber = rewriteErrors((response) => ({ ...response, body: { ...response.body, status: response.status } }));

/** The error body a generic web framework produces when nobody mapped exceptions to SCIM (Express/Nest style). */
const errorBodyNotScim = rewriteErrors((response) => ({
  status: response.status,
  body: { statusCode: response.status, error: 'Error', message: String(response.body.detail ?? '') },
}));

const errorBodyHtml = rewriteErrors((response) => ({
  status: response.status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!DOCTYPE html><html><head><title>${response.status}</title></head><body><h1>Error ${response.status}</h1></body></html>`,
}));

const createResponseWithoutId: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (request.method.toUpperCase() !== 'POST' || response.status !== 201) return response;
  return mapResources(response, ({ id: _dropped, ...rest }) => rest);
};

const activeOmitted: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (targetOf(request).endpoint !== 'Users') return response;
  return mapResources(response, ({ active: _dropped, ...rest }) => rest);
};

const contentTypeTextPlain: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (response.body === undefined || typeof response.body === 'string') return response;
  return { ...response, headers: { ...response.headers, 'content-type': 'text/plain; charset=utf-8' } };
};

/** GET of an id that does not exist answers `status` with `body` instead of the core's 404 Error. */
const unknownIdAnswers = (status: number, body?: unknown): ScimMiddleware => async (request, next) => {
  const response = await next(request);
  if (!is(request, 'GET', undefined, true) || response.status !== 404) return response;
  return body === undefined ? { status } : { status, body };
};

/** A framework that only parses `application/json` bodies sees Entra's scim+json body as empty (azure-docs #12728). */
const scimJsonBodyNotParsed: ScimMiddleware = async (request, next) => {
  if (!/application\/scim\+json/i.test(request.headers['content-type'] ?? '') || request.body === undefined) return next(request);
  const { body: _unread, ...withoutBody } = request;
  return next(withoutBody);
};

export const responseFaults: FaultVariant[] = [
  {
    name: 'error-status-number',
    description:
      'SCIM Error bodies carry "status" as a JSON number (404) instead of the string "404" (RFC 7644 §3.12): Entra\'s SCIM client parses the documented string form, so error answers are reported as unparseable.',
    source: 'reference §4.3',
    caughtBy: ['USR-ERROR-01', 'USR-ERROR-02'],
    middleware: () => errorStatusAsNumber,
  },
  {
    name: 'error-body-not-scim',
    description:
      'Errors come back as a framework JSON body ({statusCode, error, message}) without the SCIM Error schema: Entra cannot read the reason, logs ServiceIncompatible, and cannot tell a conflict from a failure.',
    source: 'reference §4.3',
    caughtBy: ['USR-ERROR-01', 'USR-ERROR-02'],
    middleware: () => errorBodyNotScim,
  },
  {
    name: 'error-body-html',
    description:
      'Errors come back as an HTML page (a proxy or framework default error page): Entra cannot parse the body (ServiceIncompatible), so a 404 or 409 is not understood as one.',
    source: 'reference §4.3',
    caughtBy: ['USR-ERROR-01', 'USR-ERROR-02'],
    middleware: () => errorBodyHtml,
  },
  {
    name: 'create-response-without-id',
    description:
      'POST answers 201 without "id": Entra caches the id from the create answer for every later GET, PATCH and DELETE, so it cannot manage the object it just created.',
    source: 'reference §4.2',
    caughtBy: ['USR-CREATE-01', 'GRP-CREATE-01', 'GRP-CREATE-02'],
    middleware: () => createResponseWithoutId,
  },
  {
    name: 'active-omitted',
    description:
      'Users are returned without "active": Entra cannot see that a disable took effect and re-sends it, and a disabled user looks enabled to anyone reading the target.',
    source: 'reference §2.2',
    caughtBy: ['USR-DISABLE-01', 'USR-ENABLE-01'],
    middleware: () => activeOmitted,
  },
  {
    name: 'content-type-text-plain',
    description:
      'JSON answers are labelled Content-Type: text/plain: Entra documents application/scim+json for every response, and a strict JSON client refuses to parse the body.',
    source: 'reference §4.2',
    caughtBy: ['USR-MEDIA-01'],
    middleware: () => contentTypeTextPlain,
  },
  {
    name: 'unknown-id-200-empty',
    description:
      'GET of an unknown id answers 200 with an empty body: Entra cannot tell that the object was deleted in the target (no InvalidAnchor), so it never re-creates it.',
    source: 'reference §4.3',
    caughtBy: ['USR-GET-02', 'USR-DELETE-01', 'GRP-DELETE-01'],
    middleware: () => unknownIdAnswers(200),
  },
  {
    name: 'unknown-id-500',
    description:
      'GET of an unknown id answers 500: Entra treats it as a transient failure and retries in 40 minutes instead of recognising the deletion.',
    source: 'reference §4.4',
    caughtBy: ['USR-GET-02', 'USR-DELETE-01', 'GRP-DELETE-01'],
    middleware: () => unknownIdAnswers(500, scimError(500, 'Internal server error.').body),
  },
  {
    name: 'scim-json-body-not-parsed',
    description:
      'Request bodies are parsed only for Content-Type application/json; Entra sends application/scim+json; charset=utf-8, so every create and PATCH arrives empty and fails with 400.',
    source: 'reference §7 #25',
    caughtBy: ['USR-CREATE-01', 'GRP-CREATE-01', 'GRP-CREATE-02'],
    middleware: () => scimJsonBodyNotParsed,
  },
];
