import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import S3SourceWizardPage from './S3SourceWizardPage';
import { failingHealth, source } from './fixtures';
import type { AddS3LogIntegrationInput, UpdateS3LogIntegrationInput } from '../../graphql/schema';

type User = ReturnType<typeof userEvent.setup>;

const logTypes = ['AWS.CloudTrail', 'AWS.VPCFlow', 'Custom.MyApp'];

const answer: Answer = (query, variables) => {
  if (query.includes('ListAvailableLogTypes')) return { listAvailableLogTypes: { logTypes } };
  if (query.includes('GetS3LogIntegrationHealth')) return { getS3LogIntegrationHealth: failingHealth };
  if (query.includes('GetS3LogIntegration')) return { getS3LogIntegration: source() };
  if (query.includes('AddS3LogIntegration')) {
    const input = variables.input as AddS3LogIntegrationInput;
    return { addS3LogIntegration: source({ ...input, integrationId: 'new-1' } as never) };
  }
  if (query.includes('UpdateS3LogIntegration')) {
    const input = variables.input as UpdateS3LogIntegrationInput;
    return { updateS3LogIntegration: source({ ...input } as never) };
  }
  throw new Error(`unexpected query ${query}`);
};

function renderNew() {
  return renderPage(<S3SourceWizardPage />, { path: '/integrations/log-sources/new/s3/', route: '/integrations/log-sources/new/s3/', answer });
}

/** Types into a field at once: per-key typing re-renders the whole form and is slow in jsdom. */
async function fill(user: User, input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

/** The inputs labelled Log types (the hidden option lists are labelled by it too). */
const logTypeInputs = () => screen.getAllByLabelText(/^Log types/).filter((e) => e.tagName === 'INPUT');

/** Opens the input's dropdown and picks the option. jsdom never finishes Mantine's opening
 * transition, so the option stays hidden to user-event: it is clicked directly. */
async function chooseLogType(user: User, input: HTMLElement, logType: string) {
  await user.click(input);
  await waitFor(() => expect(input.getAttribute('aria-controls')).toBeTruthy());
  const listbox = document.getElementById(input.getAttribute('aria-controls')!)!;
  fireEvent.click(within(listbox).getByRole('option', { name: logType, hidden: true }));
  await waitFor(() => expect(within(input.closest('.mantine-MultiSelect-root') as HTMLElement).getByText(logType)).toBeTruthy());
}

// Filling the form takes a while in jsdom on a shared machine.
describe('S3SourceWizardPage', { timeout: 30_000 }, () => {
  it('names every invalid field and its fix, and does not continue', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderNew();
    expect(screen.getByRole('heading', { name: 'Add an S3 log source' })).toBeTruthy();
    await fill(user, screen.getByLabelText(/^Name/), 'bad/name');
    await fill(user, screen.getByLabelText(/^AWS account ID/), '1234');
    await fill(user, screen.getByLabelText(/^Bucket name/), 'My_Bucket');
    await fill(user, screen.getByLabelText(/^KMS key ARN/), 'alias/mine');
    await user.click(screen.getByRole('button', { name: 'Continue to review' }));

    expect(screen.getByText('Name: use 1 to 32 letters, digits, spaces, - or _, starting with a letter or digit.')).toBeTruthy();
    expect(screen.getByText('AWS account ID: give exactly 12 digits, without dashes or spaces.')).toBeTruthy();
    expect(screen.getByText('Bucket name: use only lower-case letters, digits, dots and hyphens.')).toBeTruthy();
    expect(screen.getByText(/^KMS key ARN: give the key ARN/)).toBeTruthy();
    expect(screen.getByText('Log types of prefix 1: choose at least one log type.')).toBeTruthy();
    expect(within(screen.getByRole('alert')).getByText('Bucket name')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create log source' })).toBeNull();
    expect(calls.some((c) => c.query.includes('AddS3LogIntegration'))).toBe(false);
  });

  it('rejects the same prefix twice', async () => {
    const user = userEvent.setup({ delay: null });
    renderNew();
    await user.click(screen.getByRole('button', { name: 'Add prefix' }));
    await user.click(screen.getByRole('button', { name: 'Continue to review' }));
    expect(screen.getByText('Prefix 2: the whole bucket (empty prefix) is already prefix 1; give each prefix once.')).toBeTruthy();
  });

  it('sends the exact addS3LogIntegration input, then shows the setup and the health check', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderNew();
    await fill(user, screen.getByLabelText(/^Name/), 'CloudTrail logs');
    await fill(user, screen.getByLabelText(/^AWS account ID/), '111122223333');
    await fill(user, screen.getByLabelText(/^Bucket name/), 'acme-cloudtrail');
    await fill(user, screen.getByLabelText(/^KMS key ARN/), 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    // The role follows the name and the account.
    expect((screen.getByLabelText(/^Log processing role ARN/) as HTMLInputElement).value).toBe(
      'arn:aws:iam::111122223333:role/PantherLogProcessingRole-CloudTrail-logs',
    );
    await fill(user, screen.getByLabelText(/^Prefix$/), 'AWSLogs/');
    const [first] = logTypeInputs();
    await chooseLogType(user, first, 'AWS.CloudTrail');
    await user.click(screen.getByRole('button', { name: 'Add prefix' }));
    const prefixes = screen.getAllByLabelText(/^Prefix$/);
    await fill(user, prefixes[1], 'vpc/');
    await chooseLogType(user, logTypeInputs()[1], 'AWS.VPCFlow');
    await user.click(screen.getByRole('switch', { name: /Let Panther manage bucket notifications/ }));

    await user.click(screen.getByRole('button', { name: 'Continue to review' }));
    const review = screen.getByRole('table', { name: 'Log source to save' });
    expect(within(review).getByText('Managed by Panther')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create log source' }));

    await screen.findByText('Trust policy');
    const add = calls.find((c) => c.query.includes('AddS3LogIntegration'));
    expect(add?.variables).toEqual({
      input: {
        integrationLabel: 'CloudTrail logs',
        awsAccountId: '111122223333',
        s3Bucket: 'acme-cloudtrail',
        s3PrefixLogTypes: [
          { prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] },
          { prefix: 'vpc/', logTypes: ['AWS.VPCFlow'] },
        ],
        kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        logProcessingRole: 'arn:aws:iam::111122223333:role/PantherLogProcessingRole-CloudTrail-logs',
        managedBucketNotifications: true,
      },
    });
    // The permissions cover both prefixes, the key and the managed notifications.
    const permissions = screen.getByLabelText('Permissions policy').textContent ?? '';
    expect(permissions).toContain('arn:aws:s3:::acme-cloudtrail/AWSLogs/*');
    expect(permissions).toContain('arn:aws:s3:::acme-cloudtrail/vpc/*');
    expect(permissions).toContain('kms:Decrypt');
    expect(permissions).toContain('sns:CreateTopic');
    expect(screen.getByLabelText('Trust policy').textContent).toContain('arn:aws:iam::123456789012:root');

    await user.click(screen.getByRole('button', { name: 'Check health' }));
    expect(await screen.findByText('1 of 3 checks failed.')).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'S3 bucket: failing' })).toBeTruthy();
    expect(screen.getByText('AccessDenied: Access Denied')).toBeTruthy();
    const health = calls.find((c) => c.query.includes('GetS3LogIntegrationHealth'));
    expect(health?.variables).toEqual({ input: { integrationId: 'new-1' } });
  });

  it('edits a source with updateS3LogIntegration, keeping its account', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderPage(<S3SourceWizardPage />, {
      path: '/integrations/log-sources/s3/src-1/edit/',
      route: '/integrations/log-sources/s3/:id/edit/',
      answer,
    });
    expect(await screen.findByRole('heading', { name: 'Edit CloudTrail logs' })).toBeTruthy();
    expect((screen.getByLabelText(/^AWS account ID/) as HTMLInputElement).disabled).toBe(true);
    const name = screen.getByLabelText(/^Name/);
    await user.clear(name);
    await fill(user, name, 'Trail');
    // An existing source's role does not follow its new name.
    expect((screen.getByLabelText(/^Log processing role ARN/) as HTMLInputElement).value).toBe(source().logProcessingRole);
    await user.click(screen.getByRole('button', { name: 'Continue to review' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('UpdateS3LogIntegration'))).toBe(true));
    expect(calls.find((c) => c.query.includes('UpdateS3LogIntegration'))?.variables).toEqual({
      input: {
        integrationId: 'src-1',
        integrationLabel: 'Trail',
        s3Bucket: 'acme-cloudtrail',
        s3PrefixLogTypes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }],
        kmsKey: null,
        logProcessingRole: source().logProcessingRole,
        managedBucketNotifications: false,
      },
    });
  });

  it('shows the API error when saving fails', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage(<S3SourceWizardPage />, {
      path: '/integrations/log-sources/s3/src-1/edit/',
      route: '/integrations/log-sources/s3/:id/edit/',
      answer: (query, variables) => {
        if (query.includes('UpdateS3LogIntegration')) throw new Error('integrationLabel: "CloudTrail logs" is already the label of another source');
        return answer(query, variables);
      },
    });
    await screen.findByRole('heading', { name: 'Edit CloudTrail logs' });
    await user.click(screen.getByRole('button', { name: 'Continue to review' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('integrationLabel: "CloudTrail logs" is already the label of another source')).toBeTruthy();
    expect(screen.getByText('The log source was not saved')).toBeTruthy();
  });
});
