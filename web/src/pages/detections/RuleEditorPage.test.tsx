import './testEnv';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@uiw/react-codemirror';
import { Route, Routes, useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../graphql/schema';
import { renderPage } from '../../test/render';
import type { EditableRule } from './queries';
import RuleEditorPage from './RuleEditorPage';

const saved: EditableRule = {
  id: 'AWS.Root.Login',
  displayName: 'Root login',
  body: 'def rule(event):\n    return event["user"] == "root"\n\n\ndef title(event):\n    return "root"\n',
  description: null,
  enabled: true,
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  dedupPeriodMinutes: 60,
  threshold: 1,
  tags: ['iam'],
  reports: null,
  outputIds: [],
  reference: null,
  runbook: 'Call the owner.',
  versionId: 'v1',
  lastModified: '2024-05-01T10:00:00Z',
  lastModifiedBy: 'someone',
  tests: [
    { name: 'Root matches', expectedResult: true, resource: '{"user":"root"}', mocks: null },
    { name: 'Alice does not', expectedResult: false, resource: '{"user":"alice"}', mocks: null },
  ],
};

const results: TestResult[] = [
  {
    id: 'Root matches',
    name: 'Root matches',
    passed: true,
    error: null,
    functions: {
      rule: { output: 'true', error: null },
      title: { output: 'Root console login', error: null },
      dedup: null,
      alertContext: { output: null, error: { message: "KeyError: 'ip'" } },
      severity: null,
      description: null,
      reference: null,
      runbook: null,
      destinations: null,
    },
  },
  {
    id: 'Alice does not',
    name: 'Alice does not',
    passed: false,
    error: null,
    functions: { rule: { output: 'true', error: null }, title: null, dedup: null, alertContext: null, severity: null, description: null, reference: null, runbook: null, destinations: null },
  },
];

function api(query: string, variables: Record<string, unknown>) {
  if (query.includes('testRule')) return { testRule: { results } };
  if (query.includes('updateRule') || query.includes('addRule')) {
    const input = variables.input as EditableRule;
    const rule = { ...saved, ...input, versionId: 'v2' };
    return query.includes('addRule') ? { addRule: rule } : { updateRule: rule };
  }
  if (query.includes('listAvailableLogTypes')) return { listAvailableLogTypes: { logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'] } };
  if (query.includes('destinations')) return { destinations: [{ outputId: 'd1', displayName: 'Security Slack', outputType: 'slack' }] };
  if (query.includes('rule(')) return { rule: saved };
  throw new Error(`unexpected query ${query}`);
}

/** Replaces a CodeMirror editor's text, as typing would. */
function setEditor(label: string, text: string) {
  const view = EditorView.findFromDOM(screen.getByLabelText(label).closest('.cm-editor') as HTMLElement)!;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

function RulePage() {
  return <p>Rule page of {useParams().id}</p>;
}

function renderNew() {
  return renderPage(
    <Routes>
      <Route path="/detections/new/" element={<RuleEditorPage />} />
      <Route path="/detections/rules/:id/" element={<RulePage />} />
    </Routes>,
    { path: '/detections/new/', route: '*', answer: api },
  );
}

const renderSaved = () => renderPage(<RuleEditorPage />, { path: '/detections/rules/AWS.Root.Login/edit/', route: '/detections/rules/:id/edit/', answer: api });

describe('RuleEditorPage', { timeout: 60_000 }, () => {
  it('names the fields to fix before saving a new rule', async () => {
    const user = userEvent.setup();
    const { calls } = renderNew();
    expect(screen.getByRole('heading', { name: 'New rule' })).toBeTruthy();
    setEditor('Rule body', 'print("no rule")\n');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText('Fix these before saving')).toBeTruthy();
    expect(within(summary).getByText(/^ID: enter an ID/)).toBeTruthy();
    expect(within(summary).getByText(/^Log types: choose at least one/)).toBeTruthy();
    expect(within(summary).getByText(/^Rule body: define the function `def rule\(event\):`/)).toBeTruthy();
    expect(screen.getByLabelText('Rule body').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.query.includes('addRule'))).toBe(false);
  });

  it('runs the tests and shows each result and function output', async () => {
    const user = userEvent.setup();
    const { calls } = renderSaved();
    expect(await screen.findByRole('heading', { name: 'Root login' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run tests' }));
    const passed = await screen.findByRole('article', { name: 'Result of Root matches' });
    expect(within(passed).getByText('Passed')).toBeTruthy();
    expect(within(passed).getByText('Root console login')).toBeTruthy();
    expect(within(passed).getByText('alert_context')).toBeTruthy();
    expect(within(passed).getByText("KeyError: 'ip'")).toBeTruthy();
    const failed = screen.getByRole('article', { name: 'Result of Alice does not' });
    expect(within(failed).getByText('Failed')).toBeTruthy();
    expect(screen.getByText('1 of 2 tests passed')).toBeTruthy();
    expect(calls.find((c) => c.query.includes('testRule'))?.variables).toEqual({
      input: {
        body: saved.body,
        logTypes: ['AWS.CloudTrail'],
        tests: [
          { name: 'Root matches', expectedResult: true, resource: '{\n  "user": "root"\n}' },
          { name: 'Alice does not', expectedResult: false, resource: '{\n  "user": "alice"\n}' },
        ],
      },
    });
  });

  it('names the test whose event is not JSON and does not run', async () => {
    const user = userEvent.setup();
    const { calls } = renderSaved();
    await screen.findByRole('heading', { name: 'Root login' });
    await user.click(screen.getByRole('tab', { name: 'Alice does not' }));
    setEditor('Test event', '{"user": ');
    await user.click(screen.getByRole('button', { name: 'Run tests' }));
    expect((await screen.findAllByText(/^Test "Alice does not": the test event is not valid JSON/)).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.query.includes('testRule'))).toBe(false);
  });

  it('saves an edited rule with its tests', async () => {
    const user = userEvent.setup();
    const { calls } = renderSaved();
    await screen.findByRole('heading', { name: 'Root login' });
    expect(screen.getByLabelText('ID')).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Display name'), { target: { value: 'Root user login' } });
    await user.click(screen.getByRole('tab', { name: 'Root matches' }));
    await user.click(screen.getByLabelText('Expected to match'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('updateRule'))).toBe(true));
    expect(calls.find((c) => c.query.includes('updateRule'))?.variables).toEqual({
      input: {
        id: 'AWS.Root.Login',
        body: saved.body,
        displayName: 'Root user login',
        description: null,
        enabled: true,
        logTypes: ['AWS.CloudTrail'],
        severity: 'HIGH',
        dedupPeriodMinutes: 60,
        threshold: 1,
        tags: ['iam'],
        reports: null,
        outputIds: [],
        reference: null,
        runbook: 'Call the owner.',
        tests: [
          { name: 'Root matches', expectedResult: false, resource: '{\n  "user": "root"\n}' },
          { name: 'Alice does not', expectedResult: false, resource: '{\n  "user": "alice"\n}' },
        ],
      },
    });
    expect(await screen.findByRole('heading', { name: 'Root user login' })).toBeTruthy();
  });

  it('creates a rule with a new test and opens it', async () => {
    const user = userEvent.setup();
    const { calls } = renderNew();
    fireEvent.change(screen.getByLabelText('ID'), { target: { value: 'Okta.Admin' } });
    await user.click(screen.getByRole('combobox', { name: 'Log types' }));
    // Mantine's dropdown opens through a transition jsdom does not finish; its options are there.
    await user.click(await screen.findByRole('option', { name: 'Okta.SystemLog', hidden: true }));
    await user.click(screen.getByRole('button', { name: 'Add test' }));
    fireEvent.change(screen.getByLabelText('Test name'), { target: { value: 'Admin event' } });
    setEditor('Test event', '{"eventType": "admin"}');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Rule page of Okta.Admin')).toBeTruthy();
    const input = calls.find((c) => c.query.includes('addRule'))?.variables.input as Record<string, unknown>;
    expect(input).toMatchObject({ id: 'Okta.Admin', logTypes: ['Okta.SystemLog'], enabled: true, severity: 'MEDIUM' });
    expect(input.tests).toEqual([{ name: 'Admin event', expectedResult: true, resource: '{"eventType": "admin"}' }]);
  });
});
