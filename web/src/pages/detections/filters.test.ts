import { describe, expect, it } from 'vitest';
import { defaultFilters, filtersFromSearch, filtersToInput, filtersToSearch, hasFilters } from './filters';

describe('detections filters', () => {
  it('maps a query string to the API input', () => {
    const f = filtersFromSearch(
      new URLSearchParams('nameContains=%20login%20&severity=HIGH&severity[]=CRITICAL&enabled=false&logTypes=AWS.CloudTrail&tags=iam&sortBy=severity&sortDir=ascending&page=3&pageSize=50'),
    );
    expect(filtersToInput(f)).toEqual({
      nameContains: 'login',
      severity: ['HIGH', 'CRITICAL'],
      enabled: false,
      logTypes: ['AWS.CloudTrail'],
      tags: ['iam'],
      sortBy: 'severity',
      sortDir: 'ascending',
      page: 3,
      pageSize: 50,
    });
  });

  it('leaves unset filters out and sorts newest first by default', () => {
    expect(filtersToInput(filtersFromSearch(new URLSearchParams()))).toEqual({ sortBy: 'lastModified', sortDir: 'descending', page: 1, pageSize: 25 });
  });

  it('ignores values the API would reject', () => {
    const f = filtersFromSearch(new URLSearchParams('severity=SEVERE&enabled=maybe&sortBy=color&sortDir=up&page=-2&pageSize=7'));
    expect(f).toEqual(defaultFilters);
    expect(hasFilters(f)).toBe(false);
  });

  it('round-trips through the query string without defaults', () => {
    const f = { ...defaultFilters, severity: ['LOW' as const], tags: ['a', 'b'], page: 2 };
    const search = filtersToSearch(f);
    expect(search.toString()).toBe('severity=LOW&tags=a&tags=b&page=2');
    expect(filtersFromSearch(search)).toEqual(f);
    expect(hasFilters(f)).toBe(true);
  });
});
