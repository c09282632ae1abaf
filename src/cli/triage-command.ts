/**
 * `scim-conformance triage <provisioning-logs.json>`: Entra's provisioning logs grouped by error code and
 * Web Response, each group with its likely cause and the cases that reproduce it (src/triage/).
 * Exit codes: 0 no failure in the logs, 1 failures triaged, 2 a file that is not provisioning logs.
 */
import { readAsConfig } from '../config/config-error.ts';
import { readProvisioningLogs, TriageInputError } from '../triage/read-logs.ts';
import { renderTriage, triage } from '../triage/triage.ts';

export function triageCommand(file: string, options: { json?: boolean }, out: NodeJS.WritableStream = process.stdout): number {
  const entries = readAsConfig(() => readProvisioningLogs(file), TriageInputError);
  const result = triage(entries);
  out.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderTriage(result));
  return result.failures > 0 ? 1 : 0;
}
