/**
 * Security findings: answers that let someone other than Entra into the target's directory. They are listed
 * at the top of every report and in the terminal's verdict block whatever the Entra verdict says (Entra
 * itself provisions happily through an open door), and each one blocks a gallery listing (Microsoft lists
 * only apps whose SCIM endpoint is protected by client credentials or workload identity federation).
 *
 * Built once, in the verdict model (src/report/verdict.ts), from the case results; renderers only show it.
 */
import type { CaseResult, SecurityFinding } from '../model/result.ts';

/** The checks whose failure can be a security finding, worst first. */
const SECURITY_CHECKS = ['AUTH-06', 'CONN-03', 'AUTH-04', 'AUTH-05'] as const;

/** The status the target answered to the request the check judged (the last answered exchange). */
function answeredStatus(result: CaseResult): number | undefined {
  return [...result.exchanges].reverse().find((exchange) => exchange.response !== undefined)?.response?.status;
}

const is2xx = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 300;

function findingOf(result: CaseResult): SecurityFinding | undefined {
  const status = answeredStatus(result);
  const base = { id: result.id, dialect: result.dialect };
  switch (result.id) {
    case 'AUTH-06':
      if (!is2xx(status)) return undefined;
      return {
        ...base,
        severity: 'critical',
        title: 'The worst finding this suite reports: the token endpoint issued a token for a forged workload identity federation assertion',
        detail: `A JWT signed by a key Microsoft never published was answered ${status} with an access token (RFC 7523 §3): anyone can mint tokens for this directory.`,
      };
    case 'CONN-03':
      return is2xx(status)
        ? {
            ...base,
            severity: 'critical',
            title: 'The SCIM endpoint accepts a wrong bearer token',
            detail: `A request with a token nobody issued was answered ${status}: anyone on the internet can read, create and delete users and groups in this directory.`,
          }
        : {
            ...base,
            severity: 'high',
            title: `The SCIM endpoint answers a wrong bearer token with ${status ?? 'no answer'} instead of 401`,
            detail: 'A request with a token nobody issued must be refused with 401 (RFC 6750 §3.1); any other answer means the token is not what decides access.',
          };
    case 'AUTH-04':
    case 'AUTH-05':
      if (!is2xx(status)) return undefined;
      return {
        ...base,
        severity: 'critical',
        title: result.id === 'AUTH-04' ? 'The token endpoint issues tokens for a wrong client secret' : 'The token endpoint issues tokens to an unknown client id',
        detail: `The token request was answered ${status} instead of invalid_client (RFC 6749 §5.2): anyone can get a token and use the SCIM endpoint.`,
      };
    default:
      return undefined;
  }
}

/** The run's security findings, worst first: failing checks whose answer opened the directory to someone other than Entra. */
export function securityFindings(cases: readonly CaseResult[]): SecurityFinding[] {
  const findings: SecurityFinding[] = [];
  for (const id of SECURITY_CHECKS) {
    for (const result of cases.filter((candidate) => candidate.id === id && candidate.status === 'fail')) {
      const finding = findingOf(result);
      if (finding !== undefined) findings.push(finding);
    }
  }
  const rank = (finding: SecurityFinding): number => (finding.severity === 'critical' ? 0 : 1);
  return findings.sort((a, b) => rank(a) - rank(b));
}

/** One line per finding, for plain-text renderers (terminal, Markdown, JUnit). */
export function securityLine(finding: SecurityFinding): string {
  return `${finding.severity.toUpperCase()} ${finding.id}: ${finding.title}. ${finding.detail}`;
}
