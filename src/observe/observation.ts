/**
 * One observation: the recording proxy, the recorder that judges and redacts each exchange, and, when it
 * stops, everything it leaves: the passive run result (for the usual reports), the HAR, and the exchanges in
 * the results-style model. The CLI (`observe`) and the tests drive it the same way.
 */
import type { Har } from 'har-format';
import type { RunResult } from '../model/result.ts';
import type { Profile } from '../profiles/profile.ts';
import { harFromExchanges } from '../report/har.ts';
import { redactDeep } from '../safety/redact.ts';
import type { JudgedExchange } from './judge.ts';
import { observedExchanges, passiveRunResult } from './passive-result.ts';
import { startProxy } from './proxy.ts';
import { Recorder } from './recorder.ts';

export interface ObservationOptions {
  upstream: URL;
  host: string;
  port: number;
  profile: Profile;
  profileHash?: string;
  tls?: { cert: Buffer; key: Buffer };
  ca?: Buffer;
  timeoutMs?: number;
  redactPersonalData?: boolean;
  live?: (line: string) => void;
}

export interface ObservationRecord {
  run: RunResult;
  har: Har;
  /** observed.json: the recording in the results-style exchange model. */
  exchanges: object;
  judged: readonly JudgedExchange[];
}

export interface RunningObservation {
  /** Where the client (Entra, or the suite for a test) is pointed instead of the target. */
  url: string;
  stop(endedBy: string): Promise<ObservationRecord>;
}

export async function startObservation(options: ObservationOptions): Promise<RunningObservation> {
  const startedAt = new Date();
  const recorder = new Recorder({ profile: options.profile, redactPersonalData: options.redactPersonalData === true, ...(options.live ? { live: options.live } : {}) });
  const judged: JudgedExchange[] = [];
  const proxy = await startProxy({
    upstream: options.upstream,
    host: options.host,
    port: options.port,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    onExchange: (exchange) => judged.push(recorder.record(exchange)),
  });
  return {
    url: proxy.url,
    async stop(endedBy) {
      await proxy.close();
      const finishedAt = new Date();
      // Tokens learned late (a second credential) are removed from what was recorded before it, too.
      const redact = (text: string): string => recorder.redact(text);
      const run = redactDeep(
        passiveRunResult(judged, { upstream: options.upstream.toString(), profile: options.profile, ...(options.profileHash ? { profileHash: options.profileHash } : {}), startedAt, finishedAt, endedBy }),
        redact,
      );
      const har = harFromExchanges(
        judged.map((entry) => ({
          exchange: entry.exchange,
          startedAt: entry.startedAt,
          ...(entry.classification.fixture === undefined ? {} : { fixture: entry.classification.fixture }),
          ...(entry.classification.dialect === undefined ? {} : { dialect: entry.classification.dialect }),
        })),
        { startedAt: startedAt.toISOString(), redact, comment: `scim-conformance observe: passive recording of the traffic to ${run.target.url}` },
      );
      return { run, har, exchanges: redactDeep(observedExchanges(judged), redact), judged };
    },
  };
}
