// The custom log form's rules: the name (the API's Custom. names), the reference URL, and the
// schema, whose `schema:` key must be the name.
import { validateSchema, type SchemaProblem } from './schemaValidator';

export interface CustomLogValues {
  name: string;
  description: string;
  referenceURL: string;
  logSpec: string;
}

export interface CustomLogErrors {
  name?: string;
  referenceURL?: string;
  schema: SchemaProblem[];
}

// Custom. then the backend's schema-name words (logschema/load.go, logtypesapi customName).
const namePattern = /^Custom(\.[A-Z][A-Za-z0-9]+)+$/;

export function nameError(name: string): string | undefined {
  if (!name) return 'Name is required: give the log type a name such as Custom.MyApp.';
  if (!name.startsWith('Custom.')) return `Name: custom log types start with Custom.; use Custom.${name.replace(/^\.+/, '')}.`;
  if (!namePattern.test(name)) {
    return 'Name: after Custom. use words that start with a capital letter and hold only letters and digits, joined by dots, such as Custom.MyApp.Audit.';
  }
}

export function urlError(url: string): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return 'Reference URL: give a full http:// or https:// address, or leave it empty.';
}

export function validateCustomLog(values: CustomLogValues): CustomLogErrors {
  return {
    name: nameError(values.name),
    referenceURL: urlError(values.referenceURL.trim()),
    // Only a valid name can be required of the schema key.
    schema: validateSchema(values.logSpec, nameError(values.name) ? undefined : values.name),
  };
}

export function hasErrors(errors: CustomLogErrors): boolean {
  return Boolean(errors.name || errors.referenceURL || errors.schema.length > 0);
}

export function templateSchema(name: string): string {
  return `schema: ${name || 'Custom.MyApp'}
version: 0
fields:
  - name: time
    required: true
    type: timestamp
    timeFormat: rfc3339
    isEventTime: true
  - name: user
    type: string
    indicators: [username]
  - name: sourceIP
    type: string
    indicators: [ip]
  - name: message
    type: string
`;
}

/** Keeps the schema's `schema:` key following the name while it still holds the old name. */
export function renameSchema(logSpec: string, from: string, to: string): string {
  const line = /^schema:[ \t]*(\S*)[ \t]*$/m;
  const match = line.exec(logSpec);
  if (!match || (match[1] !== from && match[1] !== 'Custom.MyApp')) return logSpec;
  return logSpec.replace(line, `schema: ${to}`);
}
