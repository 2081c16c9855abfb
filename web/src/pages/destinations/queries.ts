// The destinations' GraphQL documents, each selecting only what its page shows.
import { gql } from '../../graphql/client';
import type {
  AddDestinationInput,
  DeleteDestinationInput,
  DeliveryResponse,
  Destination,
  GetDestinationInput,
  SendTestAlertInput,
  UpdateDestinationInput,
} from '../../graphql/schema';
import { readableConfigSelection } from './destinationTypes';

export type DestinationRow = Pick<
  Destination,
  'outputId' | 'displayName' | 'outputType' | 'defaultForSeverity' | 'alertTypes' | 'creationTime' | 'lastModifiedTime'
>;

/** The react-query keys of the destination queries, invalidated by every change. */
export const destinationKeys = { list: ['destinations'], one: ['destination'] } as const;

export const destinationsQuery = gql<{ destinations: DestinationRow[] }>(`
  query Destinations {
    destinations { outputId displayName outputType defaultForSeverity alertTypes creationTime lastModifiedTime }
  }
`);

/** A stored destination, with the non-secret fields of its config, keyed by type. */
export type StoredDestination = Pick<Destination, 'outputId' | 'displayName' | 'outputType' | 'defaultForSeverity' | 'alertTypes'> & {
  outputConfig: Record<string, Record<string, unknown> | null> | null;
};

export const destinationQuery = gql<{ destination: StoredDestination }, { input: GetDestinationInput }>(`
  query Destination($input: GetDestinationInput!) {
    destination(input: $input) {
      outputId displayName outputType defaultForSeverity alertTypes
      outputConfig { ${readableConfigSelection()} }
    }
  }
`);

export const addDestinationMutation = gql<{ addDestination: Pick<Destination, 'outputId'> }, { input: AddDestinationInput }>(`
  mutation AddDestination($input: AddDestinationInput!) {
    addDestination(input: $input) { outputId }
  }
`);

export const updateDestinationMutation = gql<{ updateDestination: Pick<Destination, 'outputId'> }, { input: UpdateDestinationInput }>(`
  mutation UpdateDestination($input: UpdateDestinationInput!) {
    updateDestination(input: $input) { outputId }
  }
`);

export const deleteDestinationMutation = gql<{ deleteDestination: boolean }, { input: DeleteDestinationInput }>(`
  mutation DeleteDestination($input: DeleteDestinationInput!) {
    deleteDestination(input: $input)
  }
`);

export type TestResult = Pick<DeliveryResponse, 'outputId' | 'success' | 'statusCode' | 'message' | 'dispatchedAt'>;

export const sendTestAlertMutation = gql<{ sendTestAlert: TestResult[] }, { input: SendTestAlertInput }>(`
  mutation SendTestAlert($input: SendTestAlertInput!) {
    sendTestAlert(input: $input) { outputId success statusCode message dispatchedAt }
  }
`);
