import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@uiw/react-codemirror';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import CustomLogEditorPage from './CustomLogEditorPage';
import type { CustomLog } from './customLogsApi';

type User = ReturnType<typeof userEvent.setup>;

const record: CustomLog = {
  logType: 'Custom.App',
  revision: 2,
  description: 'Our app',
  referenceURL: null,
  logSpec: 'schema: Custom.App\nversion: 0\nfields:\n  - name: msg\n    type: string\n',
  createdAt: '2024-06-01T12:00:00Z',
  updatedAt: '2024-06-02T12:00:00Z',
};

const answer: Answer = (query, variables) => {
  const input = variables.input as Record<string, unknown>;
  if (query.includes('GetCustomLog')) return { getCustomLog: record };
  if (query.includes('AddCustomLog')) return { addCustomLog: { ...record, ...input, revision: 1 } };
  if (query.includes('UpdateCustomLog')) return { updateCustomLog: { ...record, ...input, revision: 3 } };
  throw new Error(`unexpected query ${query}`);
};

/** Replaces the editor's text as typing would: CodeMirror's view behind the labelled content. */
function setSchema(text: string) {
  const content = screen.getByRole('textbox', { name: 'Schema YAML' });
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

async function fill(user: User, label: RegExp, text: string) {
  await user.click(screen.getByLabelText(label));
  await user.paste(text);
}

function renderNew() {
  return renderPage(<CustomLogEditorPage />, { path: '/log-analysis/custom-logs/new/', route: '/log-analysis/custom-logs/new/', answer });
}

describe('CustomLogEditorPage', { timeout: 30_000 }, () => {
  it('creates a log type whose schema key follows the name', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderNew();
    expect(screen.getByRole('heading', { name: 'New custom log type' })).toBeTruthy();
    await fill(user, /^Name/, 'Custom.Billing');
    await fill(user, /^Reference URL/, 'https://example.com/billing');
    await user.click(screen.getByRole('button', { name: 'Create log type' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('AddCustomLog'))).toBe(true));
    const input = calls.find((c) => c.query.includes('AddCustomLog'))!.variables.input as Record<string, unknown>;
    expect(input.logType).toBe('Custom.Billing');
    expect(input.referenceURL).toBe('https://example.com/billing');
    expect(input.description).toBeNull();
    expect(String(input.logSpec).split('\n')[0]).toBe('schema: Custom.Billing');
  });

  it('names the bad field path and does not send an invalid schema', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderNew();
    await fill(user, /^Name/, 'Custom.Billing');
    setSchema('schema: Custom.Billing\nfields:\n  - name: a\n    type: string\n  - name: b\n    type: int\n  - name: when\n    type: timestamp\n');
    await user.click(screen.getByRole('button', { name: 'Create log type' }));
    const problems = await screen.findByRole('list', { name: 'Schema problems' });
    expect(within(problems).getByText(/^fields\[2\]\.timeFormat, line 7: a timestamp needs timeFormat/)).toBeTruthy();
    expect(calls.some((c) => c.query.includes('AddCustomLog'))).toBe(false);
  });

  it('asks for the Custom. prefix', async () => {
    const user = userEvent.setup({ delay: null });
    renderNew();
    await fill(user, /^Name/, 'Billing');
    await user.click(screen.getByRole('button', { name: 'Create log type' }));
    expect(await screen.findByText('Name: custom log types start with Custom.; use Custom.Billing.')).toBeTruthy();
  });

  it('shows the API validation errors', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage(<CustomLogEditorPage />, {
      path: '/log-analysis/custom-logs/new/',
      route: '/log-analysis/custom-logs/new/',
      answer: () => {
        throw new Error('logSpec: fields[0] (time): timeFormat: the pattern ends with %\nfields[1] (user): indicator "x" is unknown');
      },
    });
    await fill(user, /^Name/, 'Custom.Billing');
    await user.click(screen.getByRole('button', { name: 'Create log type' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The custom log type was not created')).toBeTruthy();
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'logSpec: fields[0] (time): timeFormat: the pattern ends with %',
      'fields[1] (user): indicator "x" is unknown',
    ]);
  });

  it('updates at the current revision, then at the next one', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderPage(<CustomLogEditorPage />, {
      path: '/log-analysis/custom-logs/Custom.App/',
      route: '/log-analysis/custom-logs/:logType/',
      answer,
    });
    expect(await screen.findByRole('heading', { name: 'Custom.App' })).toBeTruthy();
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).disabled).toBe(true);
    await fill(user, /^Description/, ' and more');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('UpdateCustomLog'))).toHaveLength(1));
    expect(calls.find((c) => c.query.includes('UpdateCustomLog'))!.variables).toEqual({
      input: { logType: 'Custom.App', revision: 2, description: 'Our app and more', referenceURL: null, logSpec: record.logSpec },
    });
    await screen.findByText(/^Revision 3\./);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('UpdateCustomLog'))).toHaveLength(2));
    expect((calls.filter((c) => c.query.includes('UpdateCustomLog'))[1].variables.input as { revision: number }).revision).toBe(3);
  });
});
