// The general settings' documents, and the form's rules: they mirror
// lambdas/organization/validate.go, and an update carries only the fields that changed, so
// that two admins changing different fields both keep their change (docs/detections.md).
import { gql } from '../../graphql/client';
import type { GeneralSettings, UpdateGeneralSettingsInput } from '../../graphql/schema';

export const generalSettingsKey = ['generalSettings'];

export const generalSettingsQuery = gql<{ generalSettings: GeneralSettings }>(`
  query GeneralSettings {
    generalSettings { displayName email errorReportingConsent analyticsConsent }
  }
`);

export const updateGeneralSettingsMutation = gql<{ updateGeneralSettings: GeneralSettings }, { input: UpdateGeneralSettingsInput }>(`
  mutation UpdateGeneralSettings($input: UpdateGeneralSettingsInput!) {
    updateGeneralSettings(input: $input) { displayName email errorReportingConsent analyticsConsent }
  }
`);

const maxDisplayName = 100;
const maxEmail = 254;

export function validateSettings(s: GeneralSettings, saved: GeneralSettings): Partial<Record<keyof GeneralSettings, string>> {
  const errors: Partial<Record<keyof GeneralSettings, string>> = {};
  const name = s.displayName.trim();
  if (!name) errors.displayName = 'Company name is required: give the name shown in Panther and in alerts';
  else if ([...name].length > maxDisplayName) errors.displayName = `Company name must be at most ${maxDisplayName} characters`;
  // The API refuses control characters such as tabs (a text input cannot hold line breaks).
  else if (/\p{Cc}/u.test(name)) errors.displayName = 'Company name must be one line, without tabs';
  const email = s.email.trim();
  // An email that was never set may stay empty; once changed it must be an address.
  if (email !== saved.email.trim()) {
    if (!email) errors.email = 'Company email cannot be emptied once set: give an address such as security@example.com';
    else if (email.length > maxEmail) errors.email = `Company email must be at most ${maxEmail} characters`;
    else if (!/^[^\s@<>]+@[^\s@<>[\]]+\.[^\s@<>]+$/.test(email)) {
      errors.email = 'Company email must be a single address such as security@example.com';
    }
  }
  return errors;
}

/** The update: only the fields that differ from the saved settings. */
export function changedSettings(s: GeneralSettings, saved: GeneralSettings): UpdateGeneralSettingsInput {
  const input: UpdateGeneralSettingsInput = {};
  if (s.displayName.trim() !== saved.displayName) input.displayName = s.displayName.trim();
  if (s.email.trim() !== saved.email) input.email = s.email.trim();
  if (s.errorReportingConsent !== saved.errorReportingConsent) input.errorReportingConsent = s.errorReportingConsent;
  if (s.analyticsConsent !== saved.analyticsConsent) input.analyticsConsent = s.analyticsConsent;
  return input;
}
