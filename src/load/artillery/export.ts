/**
 * `load --export artillery <dir>`: writes the sync-cycle simulation as an Artillery test. The script holds the
 * phases (tenants arriving, each a virtual user running one whole cycle), one request step per operation, named
 * after it so Artillery's per-endpoint metrics split requests as load.json does, and the hooks; processor.mjs
 * imports this package's processor (src/load/artillery/processor.ts), which renders every request; scim-load.json
 * holds the settings (never the token); package.json is what Artillery bundles for cloud workers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TOOL } from '../../version.ts';
import { OPERATIONS, type Operation } from '../metrics.ts';
import { ARTILLERY_SETTINGS_FILE, type ArtillerySettings } from './settings.ts';

/** The Artillery release the engine test runs (engines/artillery/package-lock.json pins the same). */
export const ARTILLERY_VERSION = '2.0.21';
export const ARTILLERY_SCRIPT = 'scim-load.yml';

/** Each operation's HTTP method (src/load/scenario.ts renders each from a fixture of that method). */
const METHOD: Record<Operation, 'get' | 'post' | 'patch' | 'delete'> = {
  query: 'get',
  create: 'post',
  update: 'patch',
  disable: 'patch',
  enable: 'patch',
  'member-add': 'patch',
  'member-remove': 'patch',
  delete: 'delete',
  read: 'get',
};

export function writeArtilleryTest(directory: string, settings: ArtillerySettings): string[] {
  const dir = resolve(directory);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [ARTILLERY_SCRIPT, artilleryScript(settings)],
    ['processor.mjs', PROCESSOR],
    [ARTILLERY_SETTINGS_FILE, `${JSON.stringify(settings, null, 2)}\n`],
    ['package.json', `${JSON.stringify(bundleManifest(), null, 2)}\n`],
    ['README.md', bundleReadme(settings)],
  ];
  return files.map(([name, content]) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  });
}

export function artilleryScript(settings: ArtillerySettings): string {
  const q = (value: string | number): string => JSON.stringify(value);
  const steps = OPERATIONS.map(
    (operation) => `          - ${METHOD[operation]}:
              name: ${q(operation)}
              url: "/"
              ifTrue: ${q(`scimOp == "${operation}"`)}
              beforeRequest: scimRequest
              afterResponse: scimResponse`,
  ).join('\n');
  return `# ${TOOL.name} ${TOOL.version} load --export artillery: ${settings.tenants} tenant(s) arriving over ${settings.arrivalSeconds} s,
# each one virtual user sending one whole Entra sync cycle (${settings.shape.users} users, ${settings.shape.groups} groups,
# ${settings.shape.cycles.join(' + ')}) at ${settings.ratePerTenant > 0 ? `${settings.ratePerTenant} requests per second` : 'no fixed rate'}.
# Every request is rendered by ${TOOL.name} (processor.mjs); the steps below are named after the operations and
# each runs when the tenant's next request is one of its kind, so the order is Entra's, tenant by tenant.
# The settings are in ${ARTILLERY_SETTINGS_FILE}; the bearer token comes from the environment variable ${settings.tokenEnv}.
config:
  target: ${q(settings.target)}
  phases:
    - name: "tenants arriving"
      duration: ${Math.max(1, settings.arrivalSeconds)}
      arrivalCount: ${settings.tenants}
  processor: "./processor.mjs"
  includeFiles:
    - "./${ARTILLERY_SETTINGS_FILE}"
  http:
    timeout: ${Math.ceil(settings.timeoutMs / 1000)}
  plugins:
    metrics-by-endpoint:
      useOnlyRequestNames: true
scenarios:
  - name: "one tenant's Entra sync cycle"
    onError:
      - scimError
    flow:
      - function: scimBeginTenant
      - loop:
${steps}
          - function: scimNext
        whileTrue: scimMore
      - function: scimEndTenant
`;
}

const PROCESSOR = `// The hooks of ${ARTILLERY_SCRIPT}: ${TOOL.name}'s own load runner renders and orders every request.
import { readFileSync } from 'node:fs';
import { artilleryProcessor } from '${TOOL.name}/artillery';

const settings = JSON.parse(readFileSync(new URL('./${ARTILLERY_SETTINGS_FILE}', import.meta.url), 'utf8'));

export const { scimBeginTenant, scimNext, scimMore, scimRequest, scimResponse, scimError, scimEndTenant } = artilleryProcessor(settings);
`;

function bundleManifest(): Record<string, unknown> {
  return {
    name: 'scim-load-artillery',
    private: true,
    type: 'module',
    description: `Entra sync cycles as an Artillery test, exported by ${TOOL.name} ${TOOL.version}`,
    dependencies: { [TOOL.name]: TOOL.version },
  };
}

function bundleReadme(settings: ArtillerySettings): string {
  const objects = settings.shape.users + settings.shape.groups;
  return `# Entra sync cycles on Artillery

Exported by \`${TOOL.name} ${TOOL.version} load --export artillery\`: ${settings.tenants} virtual tenant(s) arriving over
${settings.arrivalSeconds} s against \`${settings.target}\`; each one is one virtual user that sends one Entra provisioning
job's whole cycle (${settings.shape.users} users, ${settings.shape.groups} groups of ${settings.shape.membersPerGroup} members,
${settings.shape.cycles.join(' + ')}; profile ${settings.profile}, dialect ${settings.dialect}, seed ${settings.seed}) at
${settings.ratePerTenant > 0 ? `${settings.ratePerTenant} requests per second` : 'no fixed rate'}, with its own run id and name prefix, and
deletes what it created at the end. Each tenant creates ${objects} objects.

| file | what |
|---|---|
| \`${ARTILLERY_SCRIPT}\` | the Artillery script: phases, one step per operation (query, create, update, disable, enable, member-add, member-remove, delete, read) |
| \`processor.mjs\` | the hooks, from \`${TOOL.name}/artillery\`: every request is rendered from ${TOOL.name}'s fixtures, in Entra's order, through its safety guard |
| \`${ARTILLERY_SETTINGS_FILE}\` | the settings (shape, profile, rate, target check); never the token |
| \`package.json\` | what Artillery bundles for cloud workers: ${TOOL.name} ${TOOL.version} |

What you need: Node 20 or later; Artillery ${ARTILLERY_VERSION} (\`PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1\` when installing it:
its Playwright engine otherwise downloads a browser); the bearer token in \`${settings.tokenEnv}\`. A target that
is not on this machine needs the export made with \`--base-url\` for it and \`--confirm ${objects}\`; the test
refuses any other target.

## Locally

\`\`\`sh
npm install
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save artillery@${ARTILLERY_VERSION}
export ${settings.tokenEnv}=...            # the target's bearer token
npx artillery run --output report.json ${ARTILLERY_SCRIPT}
npx ${TOOL.name} load --from-artillery report.json --report-dir reports
\`\`\`

The last command judges the report as a native \`load\` run is judged (load.json, load.html, load.md; exit 0 no
projected Entra consequence, 1 a consequence, 4 a tenant did not finish), the quarantine rules applied to each
tenant on its own. It reads \`${ARTILLERY_SETTINGS_FILE}\` from the report's directory.

## Azure Container Instances

You need an Azure subscription; a resource group, a storage account and a blob container in it; and a service
principal (client id and secret) allowed to create container groups there and to write to the container
(Artillery's Azure guide lists the roles). Artillery's Azure mode is under its commercial licence for
anything beyond evaluation (its source header says so).

\`\`\`sh
export AZURE_TENANT_ID=... AZURE_SUBSCRIPTION_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=...
export AZURE_STORAGE_ACCOUNT=... AZURE_BLOB_CONTAINER=... AZURE_RESOURCE_GROUP=...
printf '${settings.tokenEnv}=%s\\n' "$${settings.tokenEnv}" > .env.workers   # handed to the workers
npx artillery run-aci --region westeurope --count 4 --dotenv .env.workers --output report.json ${ARTILLERY_SCRIPT}
rm .env.workers
npx ${TOOL.name} load --from-artillery report.json --report-dir reports
\`\`\`

## AWS Fargate

You need an AWS account and credentials allowed to run Artillery's ECS tasks (Artillery's AWS guide lists the
IAM policy), and the token stored once in SSM Parameter Store under \`/artilleryio/${settings.tokenEnv}\`:

\`\`\`sh
aws ssm put-parameter --type SecureString --name /artilleryio/${settings.tokenEnv} --value "$${settings.tokenEnv}" --region eu-west-1
npx artillery run-fargate --region eu-west-1 --count 4 --secret ${settings.tokenEnv} --output report.json ${ARTILLERY_SCRIPT}
npx ${TOOL.name} load --from-artillery report.json --report-dir reports
\`\`\`

Every worker runs the whole script: \`--count 4\` sends ${settings.tenants} × 4 tenants, each still at its own rate
(Artillery's documentation: \`--count\` multiplies the load). Artillery bundles the dependencies of
\`package.json\` (\`--packages package.json\` names it explicitly) for the workers.

## After a crash

Each tenant writes its cleanup ledger to \`${settings.ledgerDir}/ledger-<run id>.jsonl\` in the working directory
of the process that ran it, before each create is sent. If a tenant stops before its cleanup (a request error
ends an Artillery virtual user; the tenant then still tries to delete what it made), finish it with:

\`\`\`sh
npx ${TOOL.name} cleanup --ledger ${settings.ledgerDir}/ledger-<run id>.jsonl --token-env ${settings.tokenEnv}
\`\`\`

On cloud workers those files stay on the worker and go with it: there, delete what remains by its prefix
(\`scimconf-<run id>-\`, the run ids are in the report's counter names).

## What was not tested by ${TOOL.name}

The local run is tested (against its embedded reference server and against SCIMMY). The \`run-aci\` and
\`run-fargate\` runs themselves are not: they need a cloud subscription the project's CI does not have.
`;
}
