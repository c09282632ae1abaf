/**
 * What an attributeMappingSource makes Entra send (GRAPH-SOURCE: type Attribute, Constant or Function; `name`
 * is the source attribute, the constant value or the function name; `expression` the same as text).
 * The suite does not run Entra's expression language: a source attribute becomes a generated value, a
 * constant is sent as is, and of the functions only the `active` flag built from [IsSoftDeleted] is
 * understood (Entra sends active true on create and flips it by PATCH, which the disable cases replay), and
 * AppRoleAssignmentsComplex([appRoleAssignments]) mapped to `roles`: the user's app roles, sent as ED-ATTR's
 * "Provisioning a role to a SCIM app" shows them (a roles array on create, the role PATCH afterwards).
 * Any other function is reported and replaced by a generated value of the attribute's type.
 */
import type { AttributeMappingSource } from './export-types.ts';

export interface InterpretedSource {
  constant?: string;
  /** A built-in generator that stands for the expression's value. */
  generator?: string;
  /** Why the value sent is generated rather than what the expression would give. */
  notEvaluated?: string;
  /** Why no value can stand in for the expression's, so the attribute is left out of every request. */
  leftOutBecause?: string;
}

const SOFT_DELETE_FLAG = /^\s*(Switch|Not)\s*\(\s*\[IsSoftDeleted\]/i;
const APP_ROLES_COMPLEX = /^\s*AppRoleAssignmentsComplex\s*\(\s*\[appRoleAssignments\]\s*\)\s*$/i;

/** The generator that stands for AppRoleAssignmentsComplex's value (test-data.ts). */
export const APP_ROLES_GENERATOR = 'appRoleAssignments';

export function interpretSource(source: AttributeMappingSource, targetPath: string): InterpretedSource {
  switch (source.type) {
    case 'Constant':
      return { constant: source.name ?? '' };
    case 'Attribute':
      return {};
    case 'Function': {
      const expression = describeSource(source);
      if (targetPath.toLowerCase() === 'active' && SOFT_DELETE_FLAG.test(expression)) return { generator: 'active' };
      if (targetPath.toLowerCase() === 'roles') {
        // A generated string in place of the roles array would break every create, so other role functions
        // (AssertiveAppRoleAssignmentsComplex, whose PATCH replaces the whole collection) are left out instead.
        return APP_ROLES_COMPLEX.test(expression)
          ? { generator: APP_ROLES_GENERATOR }
          : { leftOutBecause: `the expression ${expression} gives a roles collection the suite does not replay` };
      }
      return { notEvaluated: `the expression ${expression} is not evaluated` };
    }
  }
}

/** The source as the portal shows it: the expression when the export carries one. */
export function describeSource(source: AttributeMappingSource): string {
  if (source.expression) return source.expression;
  if (source.type === 'Constant') return JSON.stringify(source.name ?? '');
  if (source.type === 'Attribute') return source.name ?? '';
  const parameters = (source.parameters ?? []).map((parameter) => describeSource(parameter.value)).join(', ');
  return `${source.name ?? 'Function'}(${parameters})`;
}
