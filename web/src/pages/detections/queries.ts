// The GraphQL documents of the detections pages, each selecting only what its page shows.
// Query keys carry a suffix of this area so that another page selecting other fields of the
// same query never shares a cache entry with ours, while invalidating the bare name (for
// example ['destinations']) still refreshes ours too.
import { gql } from '../../graphql/client';
import type {
  Destination,
  Detection,
  MutationAddRuleArgs,
  MutationDeleteDetectionsArgs,
  MutationTestRuleArgs,
  MutationUpdateRuleArgs,
  MutationUploadDetectionsArgs,
  Paging,
  QueryDetectionsArgs,
  QueryRuleArgs,
  Rule,
  TestResult,
  UploadDetectionsResponse,
} from '../../graphql/schema';

export const keys = {
  detections: ['detections', 'list'] as const,
  rule: (id: string) => ['rule', id] as const,
  logTypes: ['listAvailableLogTypes', 'detections'] as const,
  destinations: ['destinations', 'detections'] as const,
};

export type DetectionRow = Pick<Detection, 'id' | 'displayName' | 'enabled' | 'severity' | 'logTypes' | 'tags' | 'lastModified'>;

export const detectionsQuery = gql<{ detections: { paging: Paging; detections: DetectionRow[] } }, QueryDetectionsArgs>(`
  query Detections($input: ListDetectionsInput) {
    detections(input: $input) {
      paging { thisPage totalPages totalItems }
      detections { id displayName enabled severity logTypes tags lastModified }
    }
  }
`);

export const deleteDetectionsMutation = gql<{ deleteDetections: boolean }, MutationDeleteDetectionsArgs>(`
  mutation DeleteDetections($input: DeleteDetectionsInput!) {
    deleteDetections(input: $input)
  }
`);

export const logTypesQuery = gql<{ listAvailableLogTypes: { logTypes: string[] } }>(`
  query ListAvailableLogTypes {
    listAvailableLogTypes { logTypes }
  }
`);

export type DestinationOption = Pick<Destination, 'outputId' | 'displayName' | 'outputType'>;

export const destinationsQuery = gql<{ destinations: DestinationOption[] }>(`
  query DestinationOptions {
    destinations { outputId displayName outputType }
  }
`);

export type EditableRule = Pick<
  Rule,
  | 'id'
  | 'body'
  | 'displayName'
  | 'description'
  | 'enabled'
  | 'logTypes'
  | 'severity'
  | 'dedupPeriodMinutes'
  | 'threshold'
  | 'tags'
  | 'reports'
  | 'outputIds'
  | 'reference'
  | 'runbook'
  | 'tests'
  | 'versionId'
  | 'lastModified'
  | 'lastModifiedBy'
>;

const ruleFields = `
  id body displayName description enabled logTypes severity dedupPeriodMinutes threshold tags
  reports outputIds reference runbook versionId lastModified lastModifiedBy
  tests { name expectedResult resource mocks }
`;

export const ruleQuery = gql<{ rule: EditableRule }, QueryRuleArgs>(`
  query Rule($input: GetRuleInput!) {
    rule(input: $input) { ${ruleFields} }
  }
`);

export const addRuleMutation = gql<{ addRule: EditableRule }, MutationAddRuleArgs>(`
  mutation AddRule($input: RuleInput!) {
    addRule(input: $input) { ${ruleFields} }
  }
`);

export const updateRuleMutation = gql<{ updateRule: EditableRule }, MutationUpdateRuleArgs>(`
  mutation UpdateRule($input: RuleInput!) {
    updateRule(input: $input) { ${ruleFields} }
  }
`);

const functionResult = 'output error { message }';

export const testRuleMutation = gql<{ testRule: { results: TestResult[] } }, MutationTestRuleArgs>(`
  mutation TestRule($input: TestRuleInput!) {
    testRule(input: $input) {
      results {
        id name passed
        error { message }
        functions {
          rule { ${functionResult} }
          title { ${functionResult} }
          dedup { ${functionResult} }
          alertContext { ${functionResult} }
          severity { ${functionResult} }
          description { ${functionResult} }
          reference { ${functionResult} }
          runbook { ${functionResult} }
          destinations { ${functionResult} }
        }
      }
    }
  }
`);

export const uploadDetectionsMutation = gql<{ uploadDetections: UploadDetectionsResponse }, MutationUploadDetectionsArgs>(`
  mutation UploadDetections($input: UploadDetectionsInput!) {
    uploadDetections(input: $input) {
      totalRules newRules modifiedRules
      totalPolicies newPolicies modifiedPolicies
      totalGlobals newGlobals modifiedGlobals
      totalDataModels newDataModels modifiedDataModels
    }
  }
`);
