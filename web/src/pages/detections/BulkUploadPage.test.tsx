import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { UploadDetectionsResponse } from '../../graphql/schema';
import { renderPage } from '../../test/render';
import BulkUploadPage from './BulkUploadPage';

const counts: UploadDetectionsResponse = {
  totalRules: 12,
  newRules: 3,
  modifiedRules: 2,
  totalPolicies: 0,
  newPolicies: 0,
  modifiedPolicies: 0,
  totalGlobals: 1,
  newGlobals: 1,
  modifiedGlobals: 0,
  totalDataModels: 4,
  newDataModels: 0,
  modifiedDataModels: 1,
};

const zip = () => new File(['PK\u0003\u0004pack'], 'pack.zip', { type: 'application/zip' });
const render = (answer: (q: string) => unknown) => renderPage(<BulkUploadPage />, { path: '/settings/bulk-uploader/', route: '/settings/bulk-uploader/', answer });

describe('BulkUploadPage', { timeout: 30_000 }, () => {
  it('uploads the chosen zip as base64 and shows the counts', async () => {
    const user = userEvent.setup();
    const { calls } = render(() => ({ uploadDetections: counts }));
    expect(screen.getByRole('heading', { name: 'Bulk upload' })).toBeTruthy();
    await user.upload(document.querySelector('input[type="file"]') as HTMLInputElement, zip());
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const table = await screen.findByRole('table', { name: 'Upload results' });
    const rules = within(table).getByRole('row', { name: /Rules/ });
    expect(within(rules).getAllByRole('cell').map((c) => c.textContent)).toEqual(['12', '3', '2']);
    const models = within(table).getByRole('row', { name: /Data models/ });
    expect(within(models).getAllByRole('cell').map((c) => c.textContent)).toEqual(['4', '0', '1']);
    expect(calls[0].variables).toEqual({ input: { data: btoa('PK\u0003\u0004pack') } });
  });

  it('takes a dropped file', async () => {
    const user = userEvent.setup();
    const { calls } = render(() => ({ uploadDetections: counts }));
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [zip()] } });
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(calls).toHaveLength(1));
  });

  it('refuses a file that is not a zip, naming it', async () => {
    const user = userEvent.setup();
    const { calls } = render(() => ({ uploadDetections: counts }));
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [new File(['x'], 'rules.yml')] } });
    expect(screen.getByText(/^Analysis pack: rules.yml is not a .zip file/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(calls).toHaveLength(0);
  });

  it('shows the API error that names the bad file', async () => {
    const user = userEvent.setup();
    render(() => {
      throw new Error('rules/bad.yml: body: rule Bad has no Python code');
    });
    await user.upload(document.querySelector('input[type="file"]') as HTMLInputElement, zip());
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText('rules/bad.yml: body: rule Bad has no Python code')).toBeTruthy();
    expect(screen.getByText('The analysis pack was not uploaded')).toBeTruthy();
  });
});
