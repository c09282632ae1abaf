/**
 * What a case sees while it runs: the target (through the fixtures), the profile, the dialect, test data,
 * and helpers that create the objects a case needs as preconditions. Cases never track what they create:
 * the safety guard's ledger records every create as its answer arrives (even a duplicate the target should
 * have refused), and the runner deletes from it after every case.
 */
import type { Exchange, OutgoingRequest } from '../client/types.ts';
import type { TestData } from '../data/test-data.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import type { TemplateVariables } from '../fixtures/template.ts';
import { restrictPatchToProfile } from '../profiles/restrict-patch.ts';
import { setMappedValue } from '../profiles/mapped-path.ts';
import { matchingAttribute, writtenAttributes, type Profile, type ResourceKind } from '../profiles/profile.ts';
import { expectResource, expectStatus } from './checks.ts';
import type { Reply } from './reply.ts';
import { CaseSkipped, ConformanceFailure, TargetBroken, type Dialect } from './types.ts';

/** Sends one request to the target; implemented by the runner on top of the HTTP client. */
export type SendRequest = (request: OutgoingRequest) => Promise<Reply>;

export interface CreatedResource {
  kind: ResourceKind;
  id: string;
  /** The generated values the resource was created with, keyed by generator name. */
  values: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export class CaseContext {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly transport: SendRequest,
    readonly profile: Profile,
    readonly data: TestData,
    readonly dialect: Dialect | undefined,
  ) {}

  /** Renders a fixture (with `{dialect}` resolved) and sends it. */
  async send(fixtureId: string, variables: TemplateVariables = {}): Promise<Reply> {
    return this.sendRaw(this.render(fixtureId, variables));
  }

  /** The request a fixture describes here; PATCH bodies keep only the attributes the profile maps. */
  render(fixtureId: string, variables: TemplateVariables = {}): OutgoingRequest {
    const request = renderFixture(this.resolveFixtureId(fixtureId), { ...this.queryVariables(), ...variables });
    if (request.method === 'PATCH') request.body = restrictPatchToProfile(request.body, this.profile, kindOf(request));
    return request;
  }

  /** Sends a request as-is (used for cleanup and for requests that are not Entra's, such as a wrong token). */
  async sendRaw(request: OutgoingRequest): Promise<Reply> {
    let reply: Reply;
    try {
      reply = await this.transport(request);
    } catch (error) {
      // A failed exchange (timeout, reset, throttled out, not SCIM) still belongs in the report.
      const exchange = (error as { exchange?: Exchange } | null)?.exchange;
      if (exchange !== undefined && !this.exchanges.includes(exchange)) this.exchanges.push(exchange);
      throw error;
    }
    this.exchanges.push(reply.exchange);
    return reply;
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

  /** Creates a user as a precondition; a failure here skips the case (the create case reports it). */
  async createUser(): Promise<CreatedResource> {
    const values = this.data.user();
    const reply = await this.send('users/create', { userAttributes: this.mappedAttributes('user', values) });
    return this.recordCreated('user', values, reply, 'USR-CREATE-01');
  }

  /** Creates a group as a precondition, with Entra's documented body unless another create fixture is named. */
  async createGroup(fixtureId = 'groups/create-with-microsoft-schema'): Promise<CreatedResource> {
    const values = this.data.group();
    const reply = await this.send(fixtureId, { groupAttributes: this.mappedAttributes('group', values) });
    return this.recordCreated('group', values, reply, 'GRP-CREATE-01');
  }

  /** Creates `count` users as preconditions (members to be). */
  async createUsers(count: number): Promise<CreatedResource[]> {
    const users: CreatedResource[] = [];
    for (let index = 0; index < count; index += 1) users.push(await this.createUser());
    return users;
  }

  /** Records a created object from its create reply, or skips the case when the create did not work. */
  recordCreated(
    kind: ResourceKind,
    values: Record<string, unknown>,
    reply: Reply,
    reportingCase: string,
  ): CreatedResource {
    try {
      expectStatus(reply, [201, 200]);
      const resource = expectResource(reply, this.profile, kind);
      return { kind, id: String(resource.id), values, resource };
    } catch (error) {
      if (error instanceof ConformanceFailure) {
        throw new CaseSkipped(`precondition failed: could not create a ${kind} (${error.message}); see ${reportingCase}`);
      }
      throw error;
    }
  }

  private queryVariables(): TemplateVariables {
    return {
      userQueryAttribute: matchingAttribute(this.profile, 'user').path,
      groupQueryAttribute: matchingAttribute(this.profile, 'group').path,
    };
  }
}

function kindOf(request: OutgoingRequest): ResourceKind {
  return request.path.startsWith('/Groups') ? 'group' : 'user';
}
