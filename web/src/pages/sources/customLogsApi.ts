// The GraphQL documents of the custom log type pages (panther-logtypes-api).
import { gql } from '../../graphql/client';
import type {
  AddCustomLogInput,
  CustomLogRecord,
  DeleteCustomLogInput,
  GetCustomLogInput,
  UpdateCustomLogInput,
} from '../../graphql/schema';

export type CustomLogSummary = Pick<CustomLogRecord, 'logType' | 'revision' | 'description' | 'referenceURL' | 'updatedAt'>;
export type CustomLog = CustomLogSummary & Pick<CustomLogRecord, 'logSpec' | 'createdAt'>;

export const customLogKeys = {
  list: ['listCustomLogs'],
  one: ['getCustomLog'],
  // Every log type picker reads this; a new or deleted custom type changes it.
  available: ['listAvailableLogTypes'],
};

export const listCustomLogs = gql<{ listCustomLogs: { customLogs: CustomLogSummary[] } }>(`
  query ListCustomLogs {
    listCustomLogs { customLogs { logType revision description referenceURL updatedAt } }
  }
`);

const fields = 'logType revision description referenceURL updatedAt logSpec createdAt';

export const getCustomLog = gql<{ getCustomLog: CustomLog }, { input: GetCustomLogInput }>(`
  query GetCustomLog($input: GetCustomLogInput!) {
    getCustomLog(input: $input) { ${fields} }
  }
`);

export const addCustomLog = gql<{ addCustomLog: CustomLog }, { input: AddCustomLogInput }>(`
  mutation AddCustomLog($input: AddCustomLogInput!) {
    addCustomLog(input: $input) { ${fields} }
  }
`);

export const updateCustomLog = gql<{ updateCustomLog: CustomLog }, { input: UpdateCustomLogInput }>(`
  mutation UpdateCustomLog($input: UpdateCustomLogInput!) {
    updateCustomLog(input: $input) { ${fields} }
  }
`);

export const deleteCustomLog = gql<{ deleteCustomLog: boolean }, { input: DeleteCustomLogInput }>(`
  mutation DeleteCustomLog($input: DeleteCustomLogInput!) {
    deleteCustomLog(input: $input)
  }
`);
