import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, type Answer } from '../../test/render';
import LogSourcesPage from './LogSourcesPage';
import { failingHealth, healthyHealth, source } from './fixtures';
import { urls } from '../../urls';

const path = '/integrations/log-sources/';

const sources = [
  source(),
  source({
    integrationId: 'src-2',
    integrationLabel: 'VPC flow',
    s3Bucket: 'acme-vpc',
    s3PrefixLogTypes: [
      { prefix: 'vpc/', logTypes: ['AWS.VPCFlow'] },
      { prefix: 'alb/', logTypes: ['AWS.ALB'] },
    ],
    lastEventReceived: '2024-06-01T12:00:00Z',
  }),
];

function answerWith(list: unknown[], extra?: Answer): Answer {
  return (query, variables) => {
    const other = extra?.(query, variables);
    if (other !== undefined) return other;
    if (query.includes('ListLogIntegrations')) return { listLogIntegrations: list };
    if (query.includes('GetS3LogIntegrationHealth')) {
      const { integrationId } = (variables.input ?? {}) as { integrationId: string };
      return { getS3LogIntegrationHealth: integrationId === 'src-1' ? failingHealth : healthyHealth };
    }
    throw new Error(`unexpected query ${query}`);
  };
}

describe('LogSourcesPage', () => {
  it('says there are no sources yet and how to add one', async () => {
    renderPage(<LogSourcesPage />, { path, route: path, answer: answerWith([]) });
    expect(await screen.findByRole('heading', { name: 'No log sources yet' })).toBeTruthy();
    expect(screen.getByText(/Panther reads logs from S3 buckets/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add log source' }).getAttribute('href')).toBe(urls.newS3Source());
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('lists each source with its bucket, log types, health and last event', async () => {
    renderPage(<LogSourcesPage />, { path, route: path, answer: answerWith(sources) });
    const table = await screen.findByRole('table', { name: 'Log sources' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const trail = within(rows[1]);
    expect(trail.getByText('CloudTrail logs')).toBeTruthy();
    expect(trail.getByText('Amazon S3')).toBeTruthy();
    expect(trail.getByText('acme-cloudtrail')).toBeTruthy();
    expect(trail.getByText('AWS.CloudTrail')).toBeTruthy();
    expect(trail.getByText('No events yet')).toBeTruthy();
    expect(await trail.findByText('1 check failing')).toBeTruthy();
    const vpc = within(rows[2]);
    expect(vpc.getByText('AWS.VPCFlow')).toBeTruthy();
    expect(vpc.getByText('AWS.ALB')).toBeTruthy();
    expect(await vpc.findByText('Healthy')).toBeTruthy();
    expect(vpc.getByRole('link', { name: 'Edit VPC flow' }).getAttribute('href')).toBe(urls.editS3Source('src-2'));
  });

  it('shows each health item, ok or failing, with its message', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage(<LogSourcesPage />, { path, route: path, answer: answerWith(sources) });
    await user.click(await screen.findByRole('button', { name: 'Check health of CloudTrail logs' }));
    const dialog = await screen.findByRole('dialog', { name: 'Health of CloudTrail logs' });
    expect(await within(dialog).findByText('1 of 3 checks failed.')).toBeTruthy();
    const items = within(dialog).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      'Log processing role: ok',
      'S3 bucket: failing',
      'KMS key: ok',
    ]);
    expect(within(items[1]).getByText('the bucket cannot be reached with the role')).toBeTruthy();
    expect(within(items[1]).getByText('AccessDenied: Access Denied')).toBeTruthy();
  });

  it('deletes a source after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    let list = sources;
    const { calls } = renderPage(<LogSourcesPage />, {
      path,
      route: path,
      answer: answerWith([], (query, variables) => {
        if (query.includes('DeleteLogIntegration')) {
          list = list.filter((s) => s.integrationId !== (variables.input as { integrationId: string }).integrationId);
          return { deleteLogIntegration: true };
        }
        if (query.includes('ListLogIntegrations')) return { listLogIntegrations: list };
        return undefined;
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Delete VPC flow' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete VPC flow?' });
    expect(within(dialog).getByText(/Panther stops reading s3:\/\/acme-vpc/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Delete log source' }));
    await waitFor(() => expect(screen.queryByText('VPC flow')).toBeNull());
    expect(calls.find((c) => c.query.includes('DeleteLogIntegration'))?.variables).toEqual({ input: { integrationId: 'src-2' } });
  });

  it('offers a retry when the list fails', async () => {
    renderPage(<LogSourcesPage />, {
      path,
      route: path,
      answer: () => {
        throw new Error('Cannot reach the Panther API');
      },
    });
    expect(await screen.findByText('The log sources could not be loaded')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
