/**
 * Parses the target-attribute paths of an Entra attribute mapping (`userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:department`) and writes values at them.
 * Entra builds its POST bodies from exactly these paths, so the suite does the same.
 */

export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface MappedPath {
  /** Extension schema URN the attribute lives under, when the path is URN-qualified. */
  schemaUrn?: string;
  attribute: string;
  /** `type` value selecting one element of a multi-valued attribute, e.g. `work`. */
  typeFilter?: string;
  subAttribute?: string;
}

const TYPED_PATH = /^([A-Za-z$][\w$-]*)\[type eq "([^"]*)"\]\.([A-Za-z$][\w$-]*)$/;

export function parseMappedPath(path: string): MappedPath {
  if (path.startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    return { schemaUrn: path.slice(0, cut), ...parseMappedPath(path.slice(cut + 1)) };
  }
  const typed = TYPED_PATH.exec(path);
  if (typed) return { attribute: typed[1]!, typeFilter: typed[2]!, subAttribute: typed[3]! };
  if (path.includes('[')) throw new Error(`unsupported mapped attribute path: ${path}`);
  const [attribute, subAttribute, extra] = path.split('.');
  if (!attribute || extra !== undefined) throw new Error(`unsupported mapped attribute path: ${path}`);
  return subAttribute ? { attribute, subAttribute } : { attribute };
}

/**
 * Writes `value` at `path` in `resource`, creating containers and typed elements as Entra's body would hold
 * them; `primary` marks a typed element primary, as Entra does for the work email.
 */
export function setMappedValue(resource: Record<string, unknown>, path: string, value: unknown, primary = false): void {
  const parsed = parseMappedPath(path);
  const container = parsed.schemaUrn ? objectAt(resource, parsed.schemaUrn) : resource;
  if (parsed.typeFilter !== undefined) {
    const list = (container[parsed.attribute] ??= []) as Record<string, unknown>[];
    let element = list.find((item) => item.type === parsed.typeFilter);
    if (!element) {
      element = primary ? { primary: true, type: parsed.typeFilter } : { type: parsed.typeFilter };
      list.push(element);
    }
    element[parsed.subAttribute!] = value;
  } else if (parsed.subAttribute !== undefined) {
    objectAt(container, parsed.attribute)[parsed.subAttribute] = value;
  } else {
    container[parsed.attribute] = value;
  }
}

/** Reads the value at a mapped path, comparing attribute names case-insensitively (RFC 7643 §2.1). */
export function getMappedValue(resource: unknown, path: string): unknown {
  const parsed = parseMappedPath(path);
  const container = parsed.schemaUrn ? getInsensitive(resource, parsed.schemaUrn) : resource;
  const attribute = getInsensitive(container, parsed.attribute);
  if (parsed.typeFilter !== undefined) {
    if (!Array.isArray(attribute)) return undefined;
    const element = attribute.find(
      (item) => String(getInsensitive(item, 'type') ?? '').toLowerCase() === parsed.typeFilter!.toLowerCase(),
    );
    return getInsensitive(element, parsed.subAttribute!);
  }
  return parsed.subAttribute !== undefined ? getInsensitive(attribute, parsed.subAttribute) : attribute;
}

export function getInsensitive(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key];
  if (existing && typeof existing === 'object' && !Array.isArray(existing)) return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}
