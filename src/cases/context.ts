/**
 * What a case sees while it runs: the target (through the fixtures), the profile, the dialect, test data,
 * and helpers that create the objects a case needs as preconditions. Cases never track what they create:
 * the safety guard's ledger records every create as its answer arrives (even a duplicate the target should
 * have refused), and the runner deletes from it after every case.
 */
import { randomUUID } from 'node:crypto';
import type { ClientCredentials } from '../client/oauth.ts';
import type { Exchange, OutgoingRequest } from '../model/transport.ts';
import type { TestData } from '../data/test-data.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import type { TemplateVariables } from '../fixtures/template.ts';
import { restrictPatchToProfile } from '../profiles/restrict-patch.ts';
import { setMappedValue } from '../profiles/mapped-path.ts';
import { matchingAttribute, writtenAttributes, type Profile, type ResourceKind } from '../profiles/profile.ts';
import { resourceKindOf } from './applicability.ts';
import { expectCreatedId, expectSuccess } from './checks.ts';
import { MembershipVisibility } from './membership-visibility.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import type { Reply } from '../model/reply.ts';
import { CaseSkipped, ConformanceFailure, TargetBroken } from '../model/outcomes.ts';
import { DIALECTS, type Dialect } from '../model/vocabulary.ts';

/** Sends one request to the target; implemented by the runner on top of the HTTP client. */
export type SendRequest = (request: OutgoingRequest) => Promise<Reply>;

/** Mints ids for resources that must not exist (src/safety/absent-ids.ts). */
export interface AbsentIdMinter {
  mint(kind: ResourceKind): string;
}

/** With client credentials: the target's token endpoint and the credentials the run was given, for src/cases/oauth.ts. */
export interface OAuthProbe {
  endpoint: { send(request: OutgoingRequest): Promise<Reply> };
  credentials: ClientCredentials;
}

export interface CreatedResource {
  kind: ResourceKind;
  id: string;
  /** The generated values the resource was created with, keyed by generator name. */
  values: Record<string, unknown>;
  resource: Record<string, unknown>;
  /** The create fixture the target accepted (groups: the ADSCIM body, or the core-only one after a refusal). */
  form?: string;
  /** The create's answer, for the checks that judge the answer itself. */
  reply: Reply;
}


export class CaseContext {
  readonly exchanges: Exchange[] = [];
  /** Setup that needed Entra's other form of a request; reported with the case. */
  readonly fallbacks: string[] = [];
  /**
   * Every fixture this case rendered, sent through `send` or on its own (`sendRaw`): test/meta keeps each
   * case's declared `fixtures` equal to what its runs render, since --read-only and --dry-run plan by them.
   */
  readonly renderedFixtures = new Set<string>();
  /**
   * Writes whose answer was lost and whose effect is known only from a read-back (a PATCH or PUT that may
   * or may not have reached the target): a check that then fails cannot tell the target from the network.
   */
  readonly unsure: string[] = [];
  /**
   * The hard identity (fixtures/identities/) whose user the case is judging now, if any: a failure then says
   * which kind of person it happened with ("fails for names with an apostrophe"). Set by `judgingIdentity`.
   */
  identity: { classId: string; label: string } | undefined;
  /** Inside a precondition step (nested ones count), where a create found by name after a lost answer will do. */
  private settingUp = 0;

  constructor(
    private readonly transport: SendRequest,
    readonly profile: Profile,
    readonly data: TestData,
    readonly dialect: Dialect | undefined,
    /** Shared by every case of a run: whether the target shows group members anywhere. */
    readonly membership: MembershipVisibility = new MembershipVisibility(),
    /** Present when the run authenticates with OAuth client credentials. */
    readonly oauth?: OAuthProbe,
    /** The run's minter of ids that must not exist (the guard's ledger.absent); a plain random UUID without a guard. */
    private readonly absentIds?: AbsentIdMinter,
  ) {}

  /**
   * A random UUID v4 for a user or group that was never created: the only id the safety guard lets a DELETE
   * of something this run did not create go to, once, and only right after a GET of it answered 404.
   */
  mintAbsentId(kind: ResourceKind): string {
    return this.absentIds?.mint(kind) ?? randomUUID();
  }

  /**
   * Renders a token-endpoint fixture and sends it to the token endpoint (not the SCIM base URL); the exchange
   * is kept with the case's, every issued token already redacted from it.
   */
  async sendToTokenEndpoint(fixtureId: string, variables: TemplateVariables = {}): Promise<Reply> {
    if (this.oauth === undefined) throw new CaseSkipped('the run uses a static bearer token: there is no token endpoint to judge (give --token-url, --client-id and SCIM_CLIENT_SECRET)');
    this.renderedFixtures.add(fixtureId);
    const request = renderFixture(fixtureId, variables);
    try {
      const reply = await this.oauth.endpoint.send(request);
      reply.exchange.fixture = fixtureId;
      this.keep(reply.exchange);
      return reply;
    } catch (error) {
      const exchange = (error as { exchange?: Exchange } | null)?.exchange;
      if (exchange !== undefined) {
        exchange.fixture = fixtureId;
        this.keep(exchange);
      }
      throw error;
    }
  }

  /** Renders a fixture (with `{dialect}` resolved) and sends it. */
  async send(fixtureId: string, variables: TemplateVariables = {}): Promise<Reply> {
    const resolved = this.resolveFixtureId(fixtureId);
    try {
      const reply = await this.sendRaw(this.render(fixtureId, variables));
      reply.exchange.fixture = resolved;
      return reply;
    } catch (error) {
      const exchange = (error as { exchange?: Exchange } | null)?.exchange;
      if (exchange !== undefined) exchange.fixture = resolved;
      throw error;
    }
  }

  /** The request a fixture describes here; PATCH bodies keep only the attributes the profile maps. */
  render(fixtureId: string, variables: TemplateVariables = {}): OutgoingRequest {
    const resolved = this.resolveFixtureId(fixtureId);
    this.renderedFixtures.add(resolved);
    const request = renderFixture(resolved, { ...this.queryVariables(), ...variables });
    if (request.method === 'PATCH') request.body = restrictPatchToProfile(request.body, this.profile, resourceKindOf(request.path));
    return request;
  }

  /** Sends a request as-is (used for cleanup and for requests that are not Entra's, such as a wrong token). */
  async sendRaw(request: OutgoingRequest): Promise<Reply> {
    let reply: Reply;
    try {
      reply = await this.transport(request);
    } catch (error) {
      // A failed exchange (timeout, reset, throttled out, not SCIM) still belongs in the report, with the
      // attempts that were retried before it.
      const { exchange, earlier } = (error ?? {}) as { exchange?: Exchange; earlier?: Exchange[] };
      for (const failed of [...(earlier ?? []), ...(exchange === undefined ? [] : [exchange])]) this.keep(failed);
      throw error;
    }
    for (const failed of reply.earlier ?? []) this.keep(failed);
    this.keep(reply.exchange);
    if (reply.recovered !== undefined && (request.method === 'PATCH' || request.method === 'PUT')) this.unsure.push(reply.recovered);
    // A setup create whose answer was lost but that was found by name exists, and that is all setup asks.
    if (reply.recovered !== undefined && request.method === 'POST' && this.settingUp > 0) {
      const { recovered, ...found } = reply;
      return { ...found, statusLost: recovered };
    }
    return reply;
  }

  private keep(exchange: Exchange): void {
    if (!this.exchanges.includes(exchange)) this.exchanges.push(exchange);
  }

  resolveFixtureId(fixtureId: string): string {
    if (!fixtureId.includes('{dialect}')) return fixtureId;
    if (!this.dialect) throw new TargetBroken(`fixture ${fixtureId} needs a dialect but the case runs once`);
    return fixtureId.replace('{dialect}', this.dialect);
  }

  /** The body attributes Entra would send for these generated values: exactly the profile's written mapping. */
  mappedAttributes(kind: ResourceKind, values: Record<string, unknown>): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const attribute of writtenAttributes(this.profile, kind)) {
      if (values[attribute.generate] !== undefined) setMappedValue(body, attribute.path, values[attribute.generate], attribute.primary);
    }
    return body;
  }

  /** The value Entra would query the user or group by (its matching attribute). */
  matchingValue(kind: ResourceKind, values: Record<string, unknown>): string {
    return String(values[matchingAttribute(this.profile, kind).generate]);
  }

  /**
   * Creates a user as a precondition: only a 2xx and an id are asked for (USR-CREATE-01 judges the rest).
   * `without` names generators left out, as Entra leaves out attributes that are empty in the tenant.
   */
  async createUser(without: readonly string[] = []): Promise<CreatedResource> {
    const values = this.data.user();
    for (const generator of without) delete values[generator];
    return this.precondition('USR-CREATE-01', `create a user`, async () => {
      const reply = await this.send('users/create', { userAttributes: this.mappedAttributes('user', values) });
      return { kind: 'user', id: expectCreatedId(reply), values, resource: (reply.json ?? {}) as Record<string, unknown>, reply };
    });
  }

  /**
   * Runs `step` as the check of one hard identity: a failure inside it is reported "for <the class's label>",
   * and the class is kept on the case result (the last one judged, so a failure names the one it failed for).
   */
  async judgingIdentity<T>(identity: { classId: string; label: string }, step: () => Promise<T>): Promise<T> {
    this.identity = { classId: identity.classId, label: identity.label };
    try {
      return await step();
    } catch (error) {
      if (error instanceof ConformanceFailure) throw new ConformanceFailure(`fails for ${identity.label}: ${error.message}`, error.expected, error.actual);
      throw error;
    }
  }

  /**
   * Creates a group as a precondition with Entra's documented body; when the target refuses it, with the
   * core-only body Entra also sends (recorded as a fallback). GRP-CREATE-01/02 judge each body on its own.
   */
  async createGroup(): Promise<CreatedResource> {
    const values = this.data.group();
    const variables = { groupAttributes: this.mappedAttributes('group', values) };
    return this.precondition('GRP-CREATE-02', 'create a group', async () => {
      const reply = await this.sendFirstAccepted(SETUP_FIXTURES.createGroup, () => variables);
      return { kind: 'group', id: expectCreatedId(reply), values, resource: (reply.json ?? {}) as Record<string, unknown>, form: reply.fixtureId, reply };
    });
  }

  /** Creates `count` users as preconditions (members to be). */
  async createUsers(count: number): Promise<CreatedResource[]> {
    const users: CreatedResource[] = [];
    for (let index = 0; index < count; index += 1) users.push(await this.createUser());
    return users;
  }

  /**
   * Runs a setup step. A wrong answer there is not this case's finding: the case is skipped, naming the case
   * that judges the step (`rootCase`), so it never fails for another case's reason.
   */
  async precondition<T>(rootCase: string, what: string, step: () => Promise<T>): Promise<T> {
    this.settingUp += 1;
    try {
      return await step();
    } catch (error) {
      if (error instanceof ConformanceFailure) {
        throw new CaseSkipped(`precondition failed: could not ${what} (${error.message}); see ${rootCase}`, rootCase);
      }
      throw error;
    } finally {
      this.settingUp -= 1;
    }
  }

  /**
   * Sends the first of several forms Entra uses for the same change that the target accepts (2xx), so a
   * setup step depends on no one dialect. The dialect the case runs in goes first; any later form that is
   * needed is recorded as a fallback. Fails with the first form's answer when none is accepted.
   */
  async sendFirstAccepted(
    fixtureIds: readonly string[],
    variables: (fixtureId: string) => TemplateVariables,
    accepted: (reply: Reply) => boolean = (reply) => reply.status >= 200 && reply.status < 300,
  ): Promise<Reply & { fixtureId: string }> {
    let first: (Reply & { fixtureId: string }) | undefined;
    for (const fixtureId of fixtureIds) {
      const reply = { ...(await this.send(fixtureId, variables(fixtureId))), fixtureId };
      if (accepted(reply)) {
        if (first !== undefined) this.fallbacks.push(`${first.label} was refused with ${first.status}; used ${fixtureId} instead`);
        return reply;
      }
      first ??= reply;
    }
    const refused = first as Reply & { fixtureId: string };
    expectSuccess(refused);
    return refused;
  }

  /** Fixture ids of one change in every dialect's form, this case's dialect first (`{dialect}` templates). */
  dialectForms(template: string, extra: readonly string[] = []): string[] {
    const order = this.dialect === undefined ? [...DIALECTS] : [this.dialect, ...DIALECTS.filter((dialect) => dialect !== this.dialect)];
    return [...new Set([...order.map((dialect) => template.replace('{dialect}', dialect)), ...extra])];
  }

  private queryVariables(): TemplateVariables {
    return {
      userQueryAttribute: matchingAttribute(this.profile, 'user').path,
      groupQueryAttribute: matchingAttribute(this.profile, 'group').path,
    };
  }
}
