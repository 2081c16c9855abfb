// The destination form's state, its validation and the API input it becomes: plain functions,
// so the rules are tested without rendering.
import type { AlertType, DestinationConfigInput, DestinationType, Severity } from '../../graphql/schema';
import { alertTypeValues } from '../../graphql/schema';
import { buildConfig, initialValues, validateConfig, type ConfigValues } from './destinationTypes';
import type { StoredDestination } from './queries';
import { checkDisplayName } from './validation';

export interface DestinationFormState {
  type: DestinationType | null;
  displayName: string;
  severities: Severity[];
  alertTypes: AlertType[];
  config: ConfigValues;
}

/** Errors by field: type, displayName, severities, alertTypes, and config.<key>. */
export type FormErrors = Record<string, string>;

export function newFormState(): DestinationFormState {
  return { type: null, displayName: '', severities: [], alertTypes: [...alertTypeValues], config: {} };
}

export function storedFormState(d: StoredDestination): DestinationFormState {
  return {
    type: d.outputType,
    displayName: d.displayName,
    severities: [...d.defaultForSeverity],
    // The API stores "every type" for an empty list; show it as every box ticked.
    alertTypes: d.alertTypes.length > 0 ? [...d.alertTypes] : [...alertTypeValues],
    config: initialValues(d.outputType, d.outputConfig?.[d.outputType] ?? null),
  };
}

/** The state with another type chosen: that type's fields start afresh. */
export function withType(state: DestinationFormState, type: DestinationType): DestinationFormState {
  return state.type === type ? state : { ...state, type, config: initialValues(type) };
}

export function validateForm(state: DestinationFormState, editing: boolean): FormErrors {
  const errors: FormErrors = {};
  if (!state.type) {
    errors.type = 'Destination type: choose where alerts go, such as Slack or PagerDuty';
    return errors;
  }
  const name = checkDisplayName(state.displayName);
  if (name) errors.displayName = name;
  if (state.severities.length === 0) {
    errors.severities = 'Severities: choose at least one severity whose alerts this destination receives';
  }
  if (state.alertTypes.length === 0) {
    errors.alertTypes = 'Alert types: choose at least one type of alert this destination receives';
  }
  for (const [key, message] of Object.entries(validateConfig(state.type, state.config, editing))) {
    errors[`config.${key}`] = message;
  }
  return errors;
}

export interface DestinationInput {
  displayName: string;
  outputConfig: DestinationConfigInput;
  defaultForSeverity: Severity[];
  alertTypes: AlertType[];
}

/** The fields addDestination and updateDestination share; the state must be valid. */
export function toInput(state: DestinationFormState): DestinationInput {
  if (!state.type) throw new Error('toInput: no destination type chosen');
  return {
    displayName: state.displayName.trim(),
    outputConfig: buildConfig(state.type, state.config),
    defaultForSeverity: state.severities,
    alertTypes: state.alertTypes,
  };
}
