/**
 * A third-party SCIM server for `npm run bench`: SCIMMY (scimmy + scimmy-routers, express) with the
 * in-memory store its documentation leaves to the implementer, run in a process of its own. The store only
 * keeps what SCIMMY hands it: SCIMMY parses, validates, filters, patches and renders every request and
 * answer. Uniqueness of userName and group displayName (RFC 7643 §4.1.1 "server" uniqueness, which SCIMMY
 * leaves to the store) is the one rule the store adds. Prints `{"baseUrl":…,"token":…}` on stdout, then
 * serves until stdin closes. GET /bench/requests (no token) tells how many requests it has answered and the CPU time it has used.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

const token = randomBytes(16).toString('hex');
type Stored = Record<string, unknown> & { id: string };

/** One resource type's store: ingress (create/replace), egress (read/list), degress (delete). */
function memoryStore(kind: 'User' | 'Group', uniqueName: 'userName' | 'displayName') {
  const items = new Map<string, Stored>();
  const notFound = (id: string) => new SCIMMY.Types.Error(404, '', `Resource ${id} not found`);
  return {
    ingress(resource: { id?: string }, instance: unknown): Stored {
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      const name = String(data[uniqueName] ?? '').toLowerCase();
      const clash = [...items.values()].find((item) => item.id !== resource.id && String(item[uniqueName] ?? '').toLowerCase() === name);
      if (clash) throw new SCIMMY.Types.Error(409, 'uniqueness', `${kind} ${uniqueName} is not unique`);
      const now = new Date().toISOString();
      if (resource.id !== undefined) {
        const existing = items.get(resource.id);
        if (!existing) throw notFound(resource.id);
        const replaced: Stored = { ...data, id: resource.id, meta: { created: (existing.meta as { created: string }).created, lastModified: now } };
        items.set(resource.id, replaced);
        return replaced;
      }
      const created: Stored = { ...data, id: randomUUID(), meta: { created: now, lastModified: now } };
      items.set(created.id, created);
      return created;
    },
    egress(resource: { id?: string; filter?: { match: (values: Stored[]) => Stored[] } }): Stored | Stored[] {
      if (resource.id !== undefined) {
        const found = items.get(resource.id);
        if (!found) throw notFound(resource.id);
        return found;
      }
      const all = [...items.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress(resource: { id?: string }): void {
      if (resource.id === undefined || !items.delete(resource.id)) throw notFound(String(resource.id));
    },
  };
}

// Entra sends the enterprise extension (employeeNumber, department, manager): a deployer declares it.
SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false), memoryStore('User', 'userName'));
SCIMMY.Resources.declare(SCIMMY.Resources.Group, memoryStore('Group', 'displayName'));

const app = express();
// Every request that reaches the server, so the bench can tell how many a run sent (not a SCIM endpoint).
let requests = 0;
app.get('/bench/requests', (_request, response) => {
  const { user, system } = process.cpuUsage();
  response.json({ requests, cpuMs: (user + system) / 1000 });
});
app.use((_request, _response, next) => {
  requests += 1;
  next();
});
app.use(
  '/scim/v2',
  new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://example.com/scim-auth',
    handler: (request: express.Request) => {
      if (request.header('Authorization') !== `Bearer ${token}`) throw new Error('Authorization failed');
      return 'bench';
    },
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ baseUrl: `http://127.0.0.1:${port}/scim/v2`, token })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
