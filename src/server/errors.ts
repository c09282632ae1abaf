/**
 * SCIM error responses (RFC 7644 §3.12): one error class the whole server throws, and the one place that
 * turns it into the wire shape, so every failure path answers with the same `Error` message body.
 */
import type { ScimResponse } from './types.ts';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The `scimType` keywords of RFC 7644 §3.12, Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, detail: string, scimType?: ScimType, headers?: Record<string, string>) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }
}

export function errorResponse(
  status: number,
  detail: string,
  scimType?: ScimType,
  headers?: Record<string, string>,
): ScimResponse {
  // RFC 7644 §3.12 types `status` as a string; Entra's own samples send "404", and clients parse it that way.
  const body: Record<string, unknown> = { schemas: [ERROR_SCHEMA], status: String(status) };
  if (scimType !== undefined) body.scimType = scimType;
  body.detail = detail;
  return headers === undefined ? { status, body } : { status, headers, body };
}

/** Converts anything thrown inside the server into a SCIM error response; unknown errors never leak details. */
export function toErrorResponse(error: unknown): ScimResponse {
  if (error instanceof ScimError) return errorResponse(error.status, error.message, error.scimType, error.headers);
  return errorResponse(500, 'Internal server error.');
}
