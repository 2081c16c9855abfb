import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useUrlFilters } from './useUrlFilters';

function setup(path = '/log-analysis/alerts/') {
  const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>;
  return renderHook(() => ({ ...useUrlFilters(), location: useLocation() }), { wrapper });
}

describe('useUrlFilters', () => {
  it('keeps both of two changes made before the page renders again', () => {
    const { result } = setup();
    act(() => {
      result.current.setFilter('severity', ['HIGH']);
      result.current.setFilter('sortDir', 'ascending');
    });
    expect(result.current.filters.severity).toEqual(['HIGH']);
    expect(result.current.filters.sortDir).toBe('ascending');
  });

  it('writes the filters to the query string and resets them', () => {
    const { result } = setup('/log-analysis/alerts/?nameContains=root');
    act(() => result.current.setFilter('status', ['CLOSED']));
    expect(new URLSearchParams(result.current.location.search).getAll('status[]')).toEqual(['CLOSED']);
    expect(result.current.filters.title).toBe('root');
    act(() => result.current.reset());
    expect(result.current.location.search).toBe('');
    expect(result.current.filters.status).toEqual(['OPEN', 'TRIAGED']);
  });
});
