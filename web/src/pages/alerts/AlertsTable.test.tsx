import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AlertsTable } from './AlertsTable';
import type { AlertRowData } from './queries';

const alerts: AlertRowData[] = [
  { alertId: 'a/1', type: 'RULE_ERROR', ruleId: 'Broken.Rule', ruleDisplayName: null, title: 'Rule failed', severity: 'LOW', status: 'TRIAGED', creationTime: '2024-05-01T10:00:00Z', eventsMatched: 1234, logTypes: ['AWS.CloudTrail', 'AWS.S3ServerAccess'] },
];

function renderTable(onToggle = vi.fn()) {
  render(
    <MantineProvider>
      <MemoryRouter initialEntries={['/log-analysis/alerts/']}>
        <Routes>
          <Route path="/log-analysis/alerts/" element={<AlertsTable alerts={alerts} selected={new Set()} sortDir="descending" onToggle={onToggle} onToggleAll={() => {}} />} />
          <Route path="/log-analysis/alerts/:id/" element={<p>the detail page</p>} />
        </Routes>
      </MemoryRouter>
    </MantineProvider>,
  );
  return onToggle;
}

describe('AlertsTable', () => {
  it('shows a row per alert with its headers', () => {
    renderTable();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['', 'Title', 'Severity', 'Status', 'Rule and log types', 'Events', 'Created']);
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1, 6)).toEqual(['Rule failed', 'Low', 'Triaged', 'Error in Broken.RuleAWS.CloudTrail, AWS.S3ServerAccess', (1234).toLocaleString()]);
  });

  it('opens the alert in the app on a plain click on its title', () => {
    renderTable();
    const link = screen.getByRole('link', { name: 'Rule failed' });
    expect(link.getAttribute('href')).toBe('/log-analysis/alerts/a%2F1/');
    fireEvent.click(link);
    expect(screen.getByText('the detail page')).toBeTruthy();
  });

  it('leaves a modified click (new tab) to the browser', () => {
    renderTable();
    const link = screen.getByRole('link', { name: 'Rule failed' });
    // Record whether the table kept the browser's default, then stop jsdom, which cannot
    // open tabs, from trying.
    let prevented: boolean | undefined;
    const spy = (e: Event) => {
      prevented = e.defaultPrevented;
      e.preventDefault();
    };
    document.addEventListener('click', spy);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));
    document.removeEventListener('click', spy);
    expect(prevented).toBe(false);
    expect(screen.queryByText('the detail page')).toBeNull();
  });

  it('toggles the alert of the checkbox', () => {
    const onToggle = renderTable();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select alert Rule failed' }));
    expect(onToggle).toHaveBeenCalledWith('a/1');
  });
});
