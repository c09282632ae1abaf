/**
 * The parts of Entra's provisioning schema export (a Microsoft Graph `synchronizationSchema`) the importer
 * reads, as schemas/entra/synchronization-schema.json validates them. Property meanings: the Graph reference
 * pages synchronization-synchronizationschema, -synchronizationrule, -objectmapping, -attributemapping,
 * -attributemappingsource, -directorydefinition, -objectdefinition and -attributedefinition
 * (https://learn.microsoft.com/graph/api/resources/…).
 */

export type SourceType = 'Attribute' | 'Constant' | 'Function';

export interface AttributeMappingSource {
  type: SourceType;
  /** The source attribute (Attribute), the value (Constant) or the function name (Function). */
  name?: string | null;
  expression?: string | null;
  parameters?: { key: string; value: AttributeMappingSource }[] | null;
}

export interface AttributeMapping {
  targetAttributeName: string;
  source: AttributeMappingSource;
  /** Above 0: a matching attribute; Entra tries the lowest value first. */
  matchingPriority?: number;
  flowType?: 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
  defaultValue?: string | null;
}

export interface ObjectMapping {
  name?: string | null;
  enabled?: boolean;
  sourceObjectName: string;
  targetObjectName: string;
  attributeMappings: AttributeMapping[];
}

export interface SynchronizationRule {
  name?: string | null;
  sourceDirectoryName?: string | null;
  targetDirectoryName?: string | null;
  objectMappings: ObjectMapping[];
}

export interface AttributeDefinition {
  name: string;
  type?: 'String' | 'Integer' | 'Reference' | 'Binary' | 'Boolean' | 'DateTime';
  required?: boolean;
  multivalued?: boolean;
}

export interface DirectoryDefinition {
  name?: string | null;
  objects?: { name: string; attributes?: AttributeDefinition[] | null }[] | null;
}

export interface SynchronizationSchema {
  version?: string | null;
  synchronizationRules: SynchronizationRule[];
  directories?: DirectoryDefinition[] | null;
}
