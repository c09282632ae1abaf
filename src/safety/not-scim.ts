/**
 * Answers that are not SCIM at all, turned into `error` outcomes (TargetBroken) before any case judges them:
 * a redirect (never followed: the bearer token would go with it, possibly to another origin), and a 2xx or
 * 5xx whose body is not JSON (an HTML portal or login page, a proxy's error page, garbage). A 4xx with an
 * HTML body is left to the cases: a 401 page is still a refusal, and the case that wants a SCIM error says so.
 */
import type { Exchange } from '../model/transport.ts';
import type { Reply } from '../model/reply.ts';
import { TargetBroken } from '../model/outcomes.ts';

/** TargetBroken that keeps the exchange, so the report shows what came back. */
export class NotScimAnswer extends TargetBroken {
  constructor(
    reason: string,
    readonly exchange: Exchange,
  ) {
    super(reason);
    this.name = 'NotScimAnswer';
  }
}

/** `reply` must already be redacted (transport.ts does it), since parts of it are quoted and cut here. */
export function assertScimAnswer(reply: Reply, baseOrigin: string): void {
  const { status } = reply;
  if (status >= 300 && status < 400 && status !== 304) {
    throw new NotScimAnswer(`${reply.label} answered ${status}, a redirect ${whereTo(reply.headers.location, baseOrigin)}; redirects are never followed (the bearer token would go with them): use the final URL as the base URL`, reply.exchange);
  }
  if (reply.parseError !== undefined && ((status >= 200 && status < 300) || status >= 500)) {
    const type = reply.headers['content-type'];
    throw new NotScimAnswer(
      `${reply.label} answered ${status} with a ${reply.parseError}${type ? ` (Content-Type ${JSON.stringify(type.length > 80 ? `${type.slice(0, 80)}…` : type)})` : ''}: not a SCIM answer`,
      reply.exchange,
    );
  }
}

function whereTo(location: string | undefined, baseOrigin: string): string {
  if (location === undefined) return 'without a Location';
  try {
    const origin = new URL(location, baseOrigin).origin;
    return origin === baseOrigin ? 'within the target' : `to another origin (${origin})`;
  } catch {
    return 'to an unreadable Location';
  }
}
