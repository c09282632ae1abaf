/**
 * `profile check`: lints a mapping against a target's requirements before anything is sent. Each finding is
 * one sentence an admin can act on. `blocking` findings (a required attribute never sent, a matching
 * attribute the target cannot filter on) make every create or every match fail, so the command exits 1.
 */
import type { ImportNote } from './import/map-export.ts';
import { isPatchable, isProvisioned, matchingAttributes, type Profile, type ResourceKind } from './profile.ts';

export interface Finding {
  severity: 'blocking' | 'warning' | 'note';
  message: string;
}

const NOUN: Record<ResourceKind, string> = { user: 'user', group: 'group' };
const lower = (path: string): string => path.toLowerCase();

export function checkProfile(profile: Profile, target: Profile, notes: readonly ImportNote[] = []): Finding[] {
  const name = target.target?.name ?? target.title;
  const findings: Finding[] = [];
  for (const kind of ['user', 'group'] as const) {
    if (!isProvisioned(profile, kind)) continue;
    const mapped = new Map(profile[kind].attributes.map((attribute) => [lower(attribute.path), attribute]));
    for (const required of target[kind].attributes.filter((attribute) => attribute.required)) {
      const attribute = mapped.get(lower(required.path));
      if (attribute === undefined) {
        findings.push({
          severity: 'blocking',
          message: `your mapping never sends ${required.path}, which ${name} requires on every ${NOUN[kind]}, so every ${NOUN[kind]} create will be refused`,
        });
      } else if (!isPatchable(attribute)) {
        findings.push({
          severity: 'warning',
          message: `${required.path} is required by ${name} but only sent when the ${NOUN[kind]} is created (${attribute.constant !== undefined ? 'a constant' : attribute.flowType}), so later changes in Entra never reach ${name}`,
        });
      }
    }
    const filterable = target.target?.filterable[kind];
    for (const attribute of matchingAttributes(profile, kind)) {
      if (filterable !== undefined && !filterable.some((path) => lower(path) === lower(attribute.path))) {
        findings.push({
          severity: 'blocking',
          message: `your mapping matches ${NOUN[kind]}s on ${attribute.path}, but ${name} can only filter ${NOUN[kind]}s on ${filterable.join(', ')}, so Entra will not find the ${NOUN[kind]}s it created and will try to create them again`,
        });
      }
    }
    const known = new Set(target[kind].attributes.map((attribute) => lower(attribute.path)));
    for (const attribute of profile[kind].attributes) {
      if (!known.has(lower(attribute.path))) {
        findings.push({ severity: 'warning', message: `your mapping sends ${attribute.path}, which ${name} does not list for ${NOUN[kind]}s; it may refuse or drop it` });
      }
    }
  }
  for (const note of notes) {
    if (note.kind === 'duplicate' || note.kind === 'left-out') findings.push({ severity: 'warning', message: note.message });
    else findings.push({ severity: 'note', message: note.message });
  }
  return findings;
}

export function renderFinding(finding: Finding): string {
  const label = finding.severity === 'blocking' ? 'must fix' : finding.severity === 'warning' ? 'check' : 'note';
  return `${label}: ${finding.message}`;
}
