// The GraphQL documents of the log source pages (panther-source-api), with result shapes
// picked from the generated schema types.
import { gql } from '../../graphql/client';
import type {
  AddS3LogIntegrationInput,
  DeleteLogIntegrationInput,
  GetS3LogIntegrationHealthInput,
  GetS3LogIntegrationInput,
  IntegrationItemHealthStatus,
  S3LogIntegration,
  S3LogIntegrationHealth,
  UpdateS3LogIntegrationInput,
} from '../../graphql/schema';

/** The fields the list, the wizard and the setup step read. */
export type S3Source = Pick<
  S3LogIntegration,
  | 'integrationId'
  | 'integrationLabel'
  | 'integrationType'
  | 'awsAccountId'
  | 'createdAtTime'
  | 's3Bucket'
  | 's3PrefixLogTypes'
  | 'kmsKey'
  | 'logProcessingRole'
  | 'managedBucketNotifications'
  | 'lastEventReceived'
>;

const sourceFields = `
  integrationId
  integrationLabel
  integrationType
  awsAccountId
  createdAtTime
  s3Bucket
  s3PrefixLogTypes { prefix logTypes }
  kmsKey
  logProcessingRole
  managedBucketNotifications
  lastEventReceived
`;

// Query keys: the field names, so other pages invalidating them reach these queries too.
export const keys = {
  sources: ['listLogIntegrations'],
  source: ['getS3LogIntegration'],
  health: ['getS3LogIntegrationHealth'],
  logTypes: ['listAvailableLogTypes'],
};

export const listLogIntegrations = gql<{ listLogIntegrations: S3Source[] }>(`
  query ListLogIntegrations {
    listLogIntegrations { ${sourceFields} }
  }
`);

export const getS3LogIntegration = gql<{ getS3LogIntegration: S3Source }, { input: GetS3LogIntegrationInput }>(`
  query GetS3LogIntegration($input: GetS3LogIntegrationInput!) {
    getS3LogIntegration(input: $input) { ${sourceFields} }
  }
`);

// Every field of both types is selected, so the generated types are the result shapes.
export type HealthItem = IntegrationItemHealthStatus;
export type Health = S3LogIntegrationHealth;

const item = 'healthy message rawErrorMessage';

export const getS3LogIntegrationHealth = gql<
  { getS3LogIntegrationHealth: Health },
  { input: GetS3LogIntegrationHealthInput }
>(`
  query GetS3LogIntegrationHealth($input: GetS3LogIntegrationHealthInput!) {
    getS3LogIntegrationHealth(input: $input) {
      processingRoleStatus { ${item} }
      s3BucketStatus { ${item} }
      kmsKeyStatus { ${item} }
      getObjectStatus { ${item} }
      bucketNotificationsStatus { ${item} }
    }
  }
`);

export const addS3LogIntegration = gql<{ addS3LogIntegration: S3Source }, { input: AddS3LogIntegrationInput }>(`
  mutation AddS3LogIntegration($input: AddS3LogIntegrationInput!) {
    addS3LogIntegration(input: $input) { ${sourceFields} }
  }
`);

export const updateS3LogIntegration = gql<{ updateS3LogIntegration: S3Source }, { input: UpdateS3LogIntegrationInput }>(`
  mutation UpdateS3LogIntegration($input: UpdateS3LogIntegrationInput!) {
    updateS3LogIntegration(input: $input) { ${sourceFields} }
  }
`);

export const deleteLogIntegration = gql<{ deleteLogIntegration: boolean }, { input: DeleteLogIntegrationInput }>(`
  mutation DeleteLogIntegration($input: DeleteLogIntegrationInput!) {
    deleteLogIntegration(input: $input)
  }
`);

export const listAvailableLogTypes = gql<{ listAvailableLogTypes: { logTypes: string[] } }>(`
  query ListAvailableLogTypes {
    listAvailableLogTypes { logTypes }
  }
`);
