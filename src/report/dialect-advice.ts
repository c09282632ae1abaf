/**
 * Per-dialect verdicts and the one piece of configuration advice the report gives an Entra admin: whether the
 * Tenant URL should carry `?aadOptscim062020` (shared/reference/entra-wire.md §3, source ED-COMPAT). The flag
 * switches Entra from its default ("legacy") PATCH requests to the SCIM-compliant ones, which Microsoft says
 * will become the default; so the advice depends on which dialect the target handles.
 *
 * Advice texts mark code with backticks; each renderer turns those spans into its own code markup.
 */
import type { Dialect } from '../model/vocabulary.ts';
import type { DialectTally, RunResult } from '../model/result.ts';
import { specLink, type SpecLink } from './spec-links.ts';

export interface DialectVerdict extends DialectTally {
  label: string;
}

export type AdviceKind = 'use-flag' | 'avoid-flag' | 'either' | 'neither' | 'incomplete';

export interface DialectAdvice {
  kind: AdviceKind;
  /** Paragraphs; `code` spans are marked with backticks. */
  paragraphs: string[];
  source: SpecLink;
}

export const FLAG = 'aadOptscim062020';

const DIALECT_LABELS: Record<Dialect, string> = {
  legacy: "legacy (Entra's default `scim` job)",
  compliant: `compliant (Tenant URL with \`?${FLAG}\`)`,
};

/** The verdict model's per-dialect verdicts (verdict.ts), with the label a report shows. */
export function dialectVerdicts(run: RunResult): DialectVerdict[] {
  return run.verdict.dialects.map((tally) => ({ ...tally, label: DIALECT_LABELS[tally.dialect] }));
}

export function adviseDialect(run: RunResult, verdicts: readonly DialectVerdict[]): DialectAdvice {
  const source = specLink('ENTRA-ED-COMPAT');
  const legacy = verdicts.find((v) => v.dialect === 'legacy');
  const compliant = verdicts.find((v) => v.dialect === 'compliant');
  if (!legacy || !compliant) {
    const only = legacy ?? compliant;
    const outcome = only ? `the ${only.dialect} dialect was run and it ${only.passes ? 'passes' : 'fails'}` : 'no dialect was run';
    return {
      kind: 'incomplete',
      paragraphs: [
        `Only ${outcome}. Run both dialects (\`SCIM_DIALECTS=legacy,compliant\`) to learn whether the Tenant URL in Entra should carry \`?${FLAG}\`.`,
      ],
      source,
    };
  }
  if (compliant.passes && !legacy.passes) {
    const example = tenantUrlWithFlag(run);
    return {
      kind: 'use-flag',
      paragraphs: [
        `Only the SCIM-compliant dialect passes. In Entra, append \`?${FLAG}\` to the Tenant URL (Provisioning → Admin Credentials)${
          example ? `, e.g. \`${example}\`` : ''
        }, so that Entra sends the PATCH requests this target handles.`,
        `Microsoft notes that the flag does not apply to on-demand provisioning ("Provision on demand" keeps the default requests), so verify with a regular provisioning cycle.`,
      ],
      source,
    };
  }
  if (legacy.passes && !compliant.passes) {
    return {
      kind: 'avoid-flag',
      paragraphs: [
        `Only the legacy dialect passes. Do NOT add \`?${FLAG}\` to the Tenant URL in Entra: with that flag Entra sends the SCIM-compliant PATCH requests this target gets wrong.`,
        `Microsoft says the SCIM-compliant behaviour will become the default, so this target will break when that happens; fix the compliant-dialect failures (${compliant.blocking.map((id) => `\`${id}\``).join(', ')}) before then.`,
      ],
      source,
    };
  }
  if (legacy.passes && compliant.passes) {
    return {
      kind: 'either',
      paragraphs: [
        `Both dialects pass: the target works with Entra's default requests and with \`?${FLAG}\` on the Tenant URL, including after Microsoft makes the SCIM-compliant behaviour the default.`,
        `Microsoft notes that the flag does not apply to on-demand provisioning ("Provision on demand" keeps the default requests).`,
      ],
      source,
    };
  }
  return {
    kind: 'neither',
    paragraphs: [`Neither dialect passes: fix the MUST failures below before enabling provisioning, with or without \`?${FLAG}\`.`],
    source,
  };
}

/** The admin's Tenant URL with the flag, when the target is a real URL (never for the embedded server). */
function tenantUrlWithFlag(run: RunResult): string | undefined {
  if (run.target.embedded || run.target.url.includes('`')) return undefined;
  return `${run.target.url}${run.target.url.includes('?') ? '&' : '?'}${FLAG}`;
}
