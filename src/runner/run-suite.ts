/**
 * Runs the catalogue against one target: a Test Connection preflight, then every planned case in order,
 * cleaning up after each case whatever its outcome, and returns the result model.
 */
import { ScimClient } from '../client/scim-client.ts';
import { TransportError } from '../client/errors.ts';
import type { OutgoingRequest } from '../client/types.ts';
import { catalogue, catalogueHash, planRuns, selectCases, type Selection } from '../cases/catalogue.ts';
import type { CreatedResource } from '../cases/context.ts';
import { toReply, type Reply } from '../cases/reply.ts';
import type { Dialect } from '../cases/types.ts';
import { TestData, newRunId } from '../data/test-data.ts';
import { redactUrlCredentials } from '../config.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { matchingAttribute, type Profile } from '../profiles/profile.ts';
import { isConformant, summarise, type CaseResult, type Leftover, type RunResult } from '../report/model.ts';
import { TOOL } from '../version.ts';
import { executeCase } from './execute-case.ts';
import { readServiceProviderConfig } from './service-provider.ts';

export interface RunOptions {
  baseUrl: string;
  token: string;
  embedded: boolean;
  profile: Profile;
  dialects: Dialect[];
  timeoutMs: number;
  seed: number;
  runId?: string;
  selection?: Selection;
  strict?: boolean;
  /** Stops the run between cases (SIGINT); what was created is still cleaned up. */
  signal?: AbortSignal;
  onCaseStart?: (id: string, dialect: Dialect | undefined) => void;
  onCaseDone?: (result: CaseResult) => void;
}

/** The target could not be used at all: unreachable, or the credentials were refused. No case ran. */
export class PreflightError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'credentials',
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const runId = options.runId ?? newRunId();
  const client = new ScimClient({ baseUrl: options.baseUrl, token: options.token, timeoutMs: options.timeoutMs });
  const send = async (request: OutgoingRequest): Promise<Reply> => toReply(request, await client.send(request));
  const results: CaseResult[] = [];
  const leftovers: Leftover[] = [];
  let aborted: string | undefined;
  let serviceProviderConfig: RunResult['serviceProviderConfig'];
  try {
    await preflight(send, options.profile);
    serviceProviderConfig = await readServiceProviderConfig(send);
    const data = new TestData({ seed: options.seed, runId });
    for (const planned of planRuns(selectCases(catalogue, options.selection), options.dialects)) {
      if (options.signal?.aborted) {
        aborted = 'interrupted before all cases ran';
        break;
      }
      options.onCaseStart?.(planned.testCase.id, planned.dialect);
      const { result, context } = await executeCase(planned, send, options.profile, data);
      leftovers.push(...(await cleanUp(send, context.created)));
      results.push(result);
      options.onCaseDone?.(result);
    }
  } finally {
    await client.close();
  }
  const finishedAt = new Date();
  const strict = options.strict ?? false;
  const run: RunResult = {
    tool: TOOL,
    catalogueHash: catalogueHash(),
    runId,
    seed: options.seed,
    target: { url: options.embedded ? 'embedded reference server' : redactUrlCredentials(options.baseUrl), embedded: options.embedded },
    profile: options.profile.id,
    dialects: options.dialects,
    strict,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    summary: summarise(results),
    conformant: isConformant(results, strict) && aborted === undefined,
    serviceProviderConfig,
    cases: results,
    leftovers,
  };
  if (aborted) run.aborted = aborted;
  return run;
}

/**
 * Test Connection before anything else: if the target is unreachable or refuses the token, every case would
 * only repeat that, so the run stops with one clear reason.
 */
async function preflight(send: (request: OutgoingRequest) => Promise<Reply>, profile: Profile): Promise<void> {
  const request = renderFixture('connection/test-user-query', {
    userQueryAttribute: matchingAttribute(profile, 'user').path,
    queryValue: crypto.randomUUID(),
  });
  let reply: Reply;
  try {
    reply = await send(request);
  } catch (error) {
    if (error instanceof TransportError) throw new PreflightError(`target unreachable: ${error.message}`, 'unreachable');
    throw error;
  }
  if (reply.status === 401 || reply.status === 403) {
    throw new PreflightError(
      `credentials rejected: ${reply.label} answered ${reply.status}; check the bearer token (SCIM_TOKEN)`,
      'credentials',
    );
  }
}

const DELETE_FIXTURE = { user: 'users/delete', group: 'groups/delete' } as const;

/** Deletes what a case left behind, groups before users (memberships go with the group). */
async function cleanUp(
  send: (request: OutgoingRequest) => Promise<Reply>,
  created: readonly CreatedResource[],
): Promise<Leftover[]> {
  const leftovers: Leftover[] = [];
  const ordered = [...created.filter((r) => r.kind === 'group'), ...created.filter((r) => r.kind === 'user')];
  for (const resource of ordered) {
    const variables = resource.kind === 'user' ? { userId: resource.id } : { groupId: resource.id };
    try {
      const reply = await send(renderFixture(DELETE_FIXTURE[resource.kind], variables));
      if (![200, 204, 404].includes(reply.status)) {
        leftovers.push({ kind: resource.kind, id: resource.id, reason: `DELETE answered ${reply.status}` });
      }
    } catch (error) {
      leftovers.push({ kind: resource.kind, id: resource.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return leftovers;
}
