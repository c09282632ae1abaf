/**
 * The passive judge: each observed exchange is classified against the fixture catalogue and judged by every
 * passive check that applies to it (src/observe/passive-checks.ts), which call the cases' own check
 * functions. It keeps a tally per check for the reports and remembers what the observation saw created and
 * deleted. It never sends anything.
 */
import { catalogue, judgedFixture } from '../cases/catalogue.ts';
import { describeParseError } from '../client/scim-client.ts';
import { ConformanceFailure, TargetBroken } from '../model/outcomes.ts';
import { requestLabel, type Reply } from '../model/reply.ts';
import type { Exchange, OutgoingRequest } from '../model/transport.ts';
import { DIALECTS, type Dialect } from '../model/vocabulary.ts';
import type { Profile } from '../profiles/profile.ts';
import { classifyRequest, type Classification } from './classify.ts';
import { ObservedObjects } from './observed-objects.ts';
import { PASSIVE_CHECKS, patchJudgement, type PassiveScope, type Seen } from './passive-checks.ts';
import { requestFacts, type RequestFacts } from './request-facts.ts';
import { redactDeep } from '../safety/redact.ts';

export interface Judgement {
  caseId: string;
  dialect: Dialect | 'any';
  scope: PassiveScope;
  status: 'pass' | 'fail' | 'error';
  reason?: string;
  expected?: unknown;
  actual?: unknown;
}

export interface JudgedExchange {
  /** Position in the observation, from 1. */
  index: number;
  startedAt: string;
  /** The request relative to the SCIM base URL, e.g. `GET /Users?filter=…`. */
  label: string;
  exchange: Exchange;
  facts: RequestFacts;
  classification: Classification;
  judgements: Judgement[];
}

/** The case (and dialect) that judges each fixture, first in catalogue order: who owns a PATCH's answer. */
function fixtureOwners(): Map<string, { caseId: string; dialect: Dialect | 'any' }> {
  const owners = new Map<string, { caseId: string; dialect: Dialect | 'any' }>();
  for (const testCase of catalogue) {
    const dialects: (Dialect | undefined)[] = testCase.dialects === 'once' ? [undefined] : testCase.dialects === 'each' ? [...DIALECTS] : [testCase.dialects];
    for (const dialect of dialects) {
      const fixture = judgedFixture(testCase, dialect);
      if (!owners.has(fixture)) owners.set(fixture, { caseId: testCase.id, dialect: dialect ?? 'any' });
    }
  }
  return owners;
}

export class PassiveJudge {
  private readonly objects = new ObservedObjects();
  private readonly owners = fixtureOwners();
  private readonly seen: JudgedExchange[] = [];

  constructor(private readonly profile: Profile) {}

  /**
   * Judges one exchange as it went on the wire (`exchange`); `path` is its request path relative to the SCIM
   * base URL (query included). `stored` is the redacted copy kept and reported, and `redact` cleans what the
   * judgements say (a reason may quote a body) the same way.
   */
  judge(exchange: Exchange, path: string, startedAt: string, stored: { exchange: Exchange; label: string; redact: (text: string) => string }): JudgedExchange {
    const { request } = exchange;
    const facts = requestFacts(request.method, path, request.body);
    const classification = classifyRequest(request.method, path, request.body);
    // The differences quote the body: they are stored cleaned like everything else.
    const storedClassification = { ...classification, differences: classification.differences.map(stored.redact) };
    const judged: JudgedExchange = { index: this.seen.length + 1, startedAt, label: stored.label, exchange: stored.exchange, facts, classification: storedClassification, judgements: [] };
    this.seen.push(judged);
    // No answer, nothing to judge. A 401/403 is the credentials' verdict, not the request's: whether the token
    // the client presented was meant to be valid is not on the wire, so no check judges such an answer.
    if (exchange.response === undefined || isCredentialRefusal(exchange.response.status)) return judged;
    const reply = replyOf(exchange, facts);
    const seen: Seen = { facts, reply, classification, profile: this.profile, objects: this.objects };
    for (const check of PASSIVE_CHECKS) {
      if (check.applies(seen)) judged.judgements.push(run(check.caseId, 'any', check.scope, () => check.judge(seen)));
    }
    const patch = patchJudgement(seen, (fixture) => this.owners.get(fixture));
    if (patch !== undefined) judged.judgements.push(run(patch.caseId, patch.dialect, 'partial', () => patch.judge(seen)));
    this.objects.learn(facts, reply.status, reply.json);
    judged.judgements = judged.judgements.map((judgement) => redactDeep(judgement, stored.redact));
    return judged;
  }

  exchanges(): readonly JudgedExchange[] {
    return this.seen;
  }
}

export function isCredentialRefusal(status: number): boolean {
  return status === 401 || status === 403;
}

function run(caseId: string, dialect: Dialect | 'any', scope: PassiveScope, check: () => void): Judgement {
  try {
    check();
    return { caseId, dialect, scope, status: 'pass' };
  } catch (error) {
    if (error instanceof ConformanceFailure) {
      return { caseId, dialect, scope, status: 'fail', reason: error.message, expected: error.expected, actual: error.actual };
    }
    const reason = error instanceof TargetBroken ? error.message : `the check broke: ${error instanceof Error ? error.message : String(error)}`;
    return { caseId, dialect, scope, status: 'error', reason };
  }
}

/** The answer as the cases' checks read it: headers by lower-case name, the body parsed as the client parses it. */
function replyOf(exchange: Exchange, facts: RequestFacts): Reply {
  const response = exchange.response!;
  const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const request: OutgoingRequest = { method: facts.method as OutgoingRequest['method'], path: facts.path };
  const reply: Reply = { status: response.status, headers, bodyText: response.body, exchange, label: requestLabel(request), request };
  if (response.body.length > 0) {
    try {
      reply.json = JSON.parse(response.body.replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      reply.parseError = describeParseError(response.body, error);
    }
  }
  return reply;
}
