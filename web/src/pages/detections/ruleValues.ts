// The rule editor's values, how they come from a saved rule and go to RuleInput and
// TestRuleInput, and the checks made before either is sent. Messages name the field and the
// fix, since the API's own checks come back only one at a time.
import type { RuleInput, Severity, UnitTestInput } from '../../graphql/schema';
import type { EditableRule } from './queries';

export interface TestDraft {
  /** A stable key for React and the tabs; names can change and repeat while typing. */
  key: string;
  name: string;
  expectedResult: boolean;
  /** The event as JSON text, as typed. */
  resource: string;
  /** Mocks as JSON text ('' when none). */
  mocks: string;
}

export interface RuleFormValues {
  id: string;
  displayName: string;
  enabled: boolean;
  logTypes: string[];
  severity: Severity;
  dedupPeriodMinutes: number | string;
  threshold: number | string;
  tags: string[];
  runbook: string;
  reference: string;
  description: string;
  outputIds: string[];
  /** Reports as JSON text ('' when none). */
  reports: string;
  body: string;
  tests: TestDraft[];
}

export type FieldErrors = Partial<Record<Exclude<keyof RuleFormValues, 'tests'>, string>>;

export interface FormErrors {
  fields: FieldErrors;
  /** By test key. */
  tests: Record<string, string>;
  /** Every message, in form order, for the summary above the buttons. */
  all: string[];
}

// panther-analysis's ID alphabet, as the analysis API checks it.
export const idPattern = /^[A-Za-z0-9_. ()-]+$/;
// A top-level `def rule(<param>):`, with an optional return annotation.
const ruleFunction = /^def\s+rule\s*\(\s*[A-Za-z_]\w*\s*(:[^)]*)?\)\s*(->[^:]+)?:/m;

export const ruleTemplate = `def rule(event):
    # Return True to raise an alert for this event.
    return event.get("eventName") == "ConsoleLogin"


def title(event):
    # The alert's title; alerts with the same dedup string are grouped.
    return f"Console login from {event.get('sourceIPAddress', 'an unknown address')}"
`;

export const eventTemplate = `{
  "eventName": "ConsoleLogin",
  "sourceIPAddress": "192.0.2.1"
}`;

let nextKey = 0;
export function newKey(): string {
  nextKey += 1;
  return `test-${nextKey}`;
}

export function newTest(existing: TestDraft[]): TestDraft {
  const names = new Set(existing.map((t) => t.name));
  let n = existing.length + 1;
  while (names.has(`Test ${n}`)) n += 1;
  return { key: newKey(), name: `Test ${n}`, expectedResult: true, resource: eventTemplate, mocks: '' };
}

export function emptyRule(): RuleFormValues {
  return {
    id: '',
    displayName: '',
    enabled: true,
    logTypes: [],
    severity: 'MEDIUM',
    dedupPeriodMinutes: 60,
    threshold: 1,
    tags: [],
    runbook: '',
    reference: '',
    description: '',
    outputIds: [],
    reports: '',
    body: ruleTemplate,
    tests: [],
  };
}

function prettyJson(text: string | null): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function fromRule(rule: EditableRule): RuleFormValues {
  return {
    id: rule.id,
    displayName: rule.displayName ?? '',
    enabled: rule.enabled,
    logTypes: rule.logTypes,
    severity: rule.severity,
    dedupPeriodMinutes: rule.dedupPeriodMinutes,
    threshold: rule.threshold,
    tags: rule.tags,
    runbook: rule.runbook ?? '',
    reference: rule.reference ?? '',
    description: rule.description ?? '',
    outputIds: rule.outputIds,
    reports: rule.reports && rule.reports !== '{}' ? prettyJson(rule.reports) : '',
    body: rule.body,
    tests: rule.tests.map((t) => ({
      key: newKey(),
      name: t.name,
      expectedResult: t.expectedResult,
      resource: prettyJson(t.resource),
      mocks: t.mocks && t.mocks !== '{}' ? prettyJson(t.mocks) : '',
    })),
  };
}

export function testsToInput(tests: TestDraft[]): UnitTestInput[] {
  return tests.map((t) => {
    const input: UnitTestInput = { name: t.name.trim(), expectedResult: t.expectedResult, resource: t.resource };
    if (t.mocks.trim()) input.mocks = t.mocks;
    return input;
  });
}

/** Optional text: absent rather than '' so the API keeps it unset. */
function optional(text: string): string | null {
  return text.trim() ? text.trim() : null;
}

export function toRuleInput(v: RuleFormValues): RuleInput {
  return {
    id: v.id.trim(),
    body: v.body,
    displayName: optional(v.displayName),
    description: optional(v.description),
    enabled: v.enabled,
    logTypes: v.logTypes,
    severity: v.severity,
    dedupPeriodMinutes: v.dedupPeriodMinutes === '' ? null : Number(v.dedupPeriodMinutes),
    threshold: v.threshold === '' ? null : Number(v.threshold),
    tags: v.tags,
    reports: v.reports.trim() ? JSON.stringify(JSON.parse(v.reports)) : null,
    outputIds: v.outputIds,
    reference: optional(v.reference),
    runbook: optional(v.runbook),
    tests: testsToInput(v.tests),
  };
}

function parseError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks a test run needs: a rule function, log types, and tests that parse. */
export function validateForTest(v: RuleFormValues): FormErrors {
  const fields: FieldErrors = {};
  const tests: Record<string, string> = {};
  if (!ruleFunction.test(v.body)) {
    fields.body = 'Rule body: define the function `def rule(event):` that returns True for events that should raise an alert.';
  }
  if (v.logTypes.length === 0) {
    fields.logTypes = 'Log types: choose at least one log type the rule analyses.';
  }
  const seen = new Map<string, number>();
  v.tests.forEach((t, i) => {
    const label = t.name.trim() ? `Test "${t.name.trim()}"` : `Test ${i + 1}`;
    const name = t.name.trim();
    const problems: string[] = [];
    if (!name) problems.push(`${label}: give the test a name.`);
    else if (seen.has(name)) problems.push(`${label}: another test has this name; give each test a different one.`);
    seen.set(name, i);
    const eventError = parseError(t.resource);
    if (eventError) problems.push(`${label}: the test event is not valid JSON (${eventError}); fix it to a JSON object such as {"eventName": "ConsoleLogin"}.`);
    else if (!isObject(JSON.parse(t.resource))) problems.push(`${label}: the test event must be a JSON object in braces, such as {"eventName": "ConsoleLogin"}.`);
    if (t.mocks.trim()) {
      const mocksError = parseError(t.mocks);
      const mocks: unknown = mocksError ? null : JSON.parse(t.mocks);
      if (mocksError || !isObject(mocks) || !Object.values(mocks).every((m) => typeof m === 'string')) {
        problems.push(`${label}: mocks must be a JSON object of strings, such as {"get_counter": "1"}, or empty.`);
      }
    }
    if (problems.length) tests[t.key] = problems.join(' ');
  });
  return collect(fields, tests, v);
}

/** Every check before a save: the test run's plus the metadata's. */
export function validateForSave(v: RuleFormValues): FormErrors {
  const { fields, tests } = validateForTest(v);
  const id = v.id.trim();
  if (!id) fields.id = 'ID: enter an ID, for example AWS.CloudTrail.ConsoleLogin.';
  else if (!idPattern.test(id)) fields.id = 'ID: use only letters, digits, spaces and the characters _ . ( ) -.';
  for (const [field, label] of [
    ['dedupPeriodMinutes', 'Deduplication period'],
    ['threshold', 'Threshold'],
  ] as const) {
    const value = v[field];
    if (value !== '' && (!Number.isInteger(Number(value)) || Number(value) < 0)) {
      fields[field] = `${label}: enter a whole number, 0 or more (0 uses the default).`;
    }
  }
  if (v.reports.trim()) {
    const err = parseError(v.reports);
    const reports: unknown = err ? null : JSON.parse(v.reports);
    if (err || !isObject(reports) || !Object.values(reports).every((c) => Array.isArray(c) && c.every((x) => typeof x === 'string'))) {
      fields.reports = 'Reports: enter a JSON object of framework names to lists of controls, such as {"CIS": ["3.1"]}, or leave it empty.';
    }
  }
  return collect(fields, tests, v);
}

const fieldOrder: (keyof FieldErrors)[] = [
  'id',
  'displayName',
  'enabled',
  'logTypes',
  'severity',
  'dedupPeriodMinutes',
  'threshold',
  'tags',
  'outputIds',
  'runbook',
  'reference',
  'description',
  'reports',
  'body',
];

function collect(fields: FieldErrors, tests: Record<string, string>, v: RuleFormValues): FormErrors {
  const all = [
    ...fieldOrder.flatMap((f) => (fields[f] ? [fields[f]] : [])),
    ...v.tests.flatMap((t) => (tests[t.key] ? [tests[t.key]] : [])),
  ];
  return { fields, tests, all };
}
