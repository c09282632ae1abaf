/**
 * `scim-conformance/artillery`: the functions an exported Artillery script (src/load/artillery/export.ts) names
 * in its hooks. `artilleryProcessor(settings)` returns them; the bundle's processor.mjs passes the exported
 * settings and re-exports the result, so every request is rendered by this package (fixtures/entra/ through
 * src/load/scenario.ts), never re-typed in the script.
 *
 * The flow of one virtual user (one tenant): `scimBeginTenant` (its own run id and prefix, its ledger file, the
 * target check), then a loop whose steps are named after the operations, each run only when the tenant's next
 * request is of that operation (`scimNext` sets `scimOp`), then `scimEndTenant` (the runner's final sweep has
 * deleted what the tenant created; the tenant's provisioning events, failures and leftovers become counters
 * of Artillery's report, which `load --from-artillery` judges per tenant).
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { newRunId } from '../../data/test-data.ts';
import { loadProfile } from '../../profiles/profile.ts';
import { tokenRedactor } from '../../safety/redact.ts';
import { isLoopback } from '../loopback.ts';
import type { LoadResult } from '../runner.ts';
import { plannedObjects } from '../scenario.ts';
import { parseArtillerySettings, type ArtillerySettings } from './settings.ts';
import { VirtualTenant, type EngineResponse } from './tenant.ts';

export { ARTILLERY_SETTINGS_FILE, ARTILLERY_SETTINGS_FORMAT, parseArtillerySettings, type ArtillerySettings } from './settings.ts';

/** Counter names of the report; load --from-artillery (src/load/artillery/from-report.ts) reads them back. */
export const COUNTER = {
  prefix: 'scim.',
  finished: 'scim.tenants.finished',
  tenant: (key: string, field: string): string => `scim.tenant.${key}.${field}`,
  errors: (operation: string, errorClass: string): string => `scim.errors.${operation}.${errorClass}`,
  requests: (operation: string): string => `scim.requests.${operation}`,
  verification: (field: string): string => `scim.verification.${field}`,
} as const;

/** Per-tenant counters: the provisioning events of the quarantine rules, what was created and what remains. */
export const TENANT_FIELDS = ['events', 'failed', 'referenceEvents', 'referenceFailed', 'query404', 'credentials', 'users', 'groups', 'memberships', 'leftovers', 'requests', 'cycleMs'] as const;
export const VERIFICATION_FIELDS = ['usersChecked', 'usersDiffering', 'groupsChecked', 'groupsDiffering', 'pagingPages', 'pagingExpected', 'pagingMissing', 'pagingDuplicates', 'pagingIncomplete'] as const;

interface Context {
  vars: Record<string, unknown>;
}
interface Events {
  emit(type: 'counter' | 'histogram', name: string, value: number): void;
}
interface EngineRequest {
  name?: string;
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: unknown;
  json?: unknown;
}

export interface ArtilleryProcessor {
  scimBeginTenant(context: Context, events: Events): Promise<void>;
  scimNext(context: Context, events: Events): Promise<void>;
  scimMore(context: Context, next: (more: boolean) => void): void;
  scimRequest(request: EngineRequest, context: Context, events: Events): Promise<void>;
  scimResponse(request: EngineRequest, response: EngineResponse, context: Context, events: Events): Promise<void>;
  scimError(error: { code?: string; message?: string }, request: EngineRequest, context: Context, events: Events, next: (error?: unknown) => void): void;
  scimEndTenant(context: Context, events: Events): Promise<void>;
}

export function artilleryProcessor(input: unknown): ArtilleryProcessor {
  const settings = parseArtillerySettings(input, 'the Artillery settings');
  const tenants = new Map<string, { tenant: VirtualTenant; runId: string; arrivedAt: number; token: string; started: number }>();
  const of = (context: Context): NonNullable<ReturnType<typeof tenants.get>> => {
    const entry = tenants.get(String(context.vars.scimTenant));
    if (entry === undefined) throw new Error('scimBeginTenant must run first in the scenario');
    return entry;
  };

  return {
    async scimBeginTenant(context) {
      const target = String(context.vars.target ?? settings.target).replace(/\/+$/, '');
      checkTarget(target, settings);
      const token = process.env[settings.tokenEnv];
      if (token === undefined || token === '') throw new Error(`set the bearer token in the environment variable ${settings.tokenEnv}`);
      const runId = newRunId();
      const key = randomBytes(6).toString('hex');
      const tenant = new VirtualTenant({
        baseUrl: target,
        token,
        redact: tokenRedactor([token]),
        embedded: false,
        profile: loadProfile(settings.profile),
        dialect: settings.dialect,
        timeoutMs: settings.timeoutMs,
        seed: settings.seed,
        runId,
        shape: settings.shape,
        projectUsers: settings.projectUsers,
        ...(settings.ratePerTenant > 0 ? { ratePerSecond: settings.ratePerTenant } : {}),
        ledgerFile: join(resolve(settings.ledgerDir), `ledger-${runId}.jsonl`),
      });
      tenants.set(key, { tenant, runId, arrivedAt: Date.now(), token, started: performance.now() });
      context.vars.scimTenant = key;
      context.vars.scimRunId = runId;
      await setNext(context, tenant);
    },

    async scimNext(context) {
      await setNext(context, of(context).tenant);
    },

    scimMore(context, next) {
      next(context.vars.scimOp !== 'none');
    },

    async scimRequest(request, context) {
      const { tenant, token } = of(context);
      const outgoing = tenant.take(String(request.name));
      if (outgoing.method !== request.method.toUpperCase()) throw new Error(`the "${request.name}" step sends ${request.method}, the request is a ${outgoing.method}`);
      request.url = `${String(context.vars.target ?? settings.target).replace(/\/+$/, '')}${outgoing.path}`;
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...lowerCase(outgoing.headers ?? {}) };
      delete request.json;
      if (outgoing.body !== undefined) {
        request.body = typeof outgoing.body === 'string' ? outgoing.body : JSON.stringify(outgoing.body);
        headers['content-type'] ??= 'application/scim+json; charset=utf-8';
      } else delete request.body;
      request.headers = headers;
      context.vars.scimOp = 'none';
    },

    async scimResponse(request, response, context) {
      of(context).tenant.answer(response, redactedUrl(request.url), response.timings?.phases?.total ?? 0);
    },

    scimError(error, request, context, _events, next) {
      const entry = tenants.get(String(context.vars.scimTenant));
      entry?.tenant.fail(error.code, error.message ?? String(error), redactedUrl(request.url));
      next();
    },

    async scimEndTenant(context, events) {
      const entry = of(context);
      tenants.delete(String(context.vars.scimTenant));
      const result = await entry.tenant.finish();
      emitTenant(events, result, `${String(entry.arrivedAt).padStart(14, '0')}-${entry.runId}`);
    },
  };
}

async function setNext(context: Context, tenant: VirtualTenant): Promise<void> {
  context.vars.scimOp = (await tenant.next()) ?? 'none';
}

/** The same refusal `load` gives: a target off this machine only with the object count the operator confirmed. */
function checkTarget(target: string, settings: ArtillerySettings): void {
  if (isLoopback(target)) return;
  const objects = plannedObjects(settings.shape);
  const confirmed = settings.confirmed;
  if (confirmed !== undefined && confirmed.host === new URL(target).host && confirmed.objects === objects) return;
  throw new Error(
    `this test creates ${objects} objects per tenant at ${new URL(target).host}; export it again with --base-url for that target and --confirm ${objects}`,
  );
}

function emitTenant(events: Events, result: LoadResult, key: string): void {
  const counts: Record<(typeof TENANT_FIELDS)[number], number> = {
    ...result.events,
    users: result.created.users,
    groups: result.created.groups,
    memberships: result.created.memberships,
    leftovers: result.leftovers.length,
    requests: result.requests,
    cycleMs: Math.round(result.cycleMs),
  };
  for (const field of TENANT_FIELDS) events.emit('counter', COUNTER.tenant(key, field), counts[field]);
  for (const [operation, figures] of Object.entries(result.operations)) {
    if (figures === undefined) continue;
    events.emit('counter', COUNTER.requests(operation), figures.count);
    for (const [errorClass, count] of Object.entries(figures.errorsByClass)) events.emit('counter', COUNTER.errors(operation, errorClass), count);
  }
  const v = result.verification;
  if (v !== undefined) {
    const figures: Record<(typeof VERIFICATION_FIELDS)[number], number> = {
      usersChecked: v.usersChecked,
      usersDiffering: v.usersDiffering,
      groupsChecked: v.groupsChecked,
      groupsDiffering: v.groupsDiffering,
      pagingPages: v.paging.pages,
      pagingExpected: v.paging.expected,
      pagingMissing: v.paging.missing,
      pagingDuplicates: v.paging.duplicates,
      pagingIncomplete: v.paging.complete ? 0 : 1,
    };
    for (const field of VERIFICATION_FIELDS) events.emit('counter', COUNTER.verification(field), figures[field]);
  }
  events.emit('counter', COUNTER.finished, result.interrupted === undefined ? 1 : 0);
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
