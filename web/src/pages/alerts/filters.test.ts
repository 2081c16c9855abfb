import { describe, expect, it } from 'vitest';
import type { ListAlertsInput } from '../../graphql/schema';
import { isoToLocal, listAlertsInput, localToIso, parseFilters, rangeError, withFilter } from './filters';

const input = (query: string, key?: string) => listAlertsInput(parseFilters(new URLSearchParams(query)), key);

describe('listAlertsInput(parseFilters(query string))', () => {
  const cases: { name: string; query: string; key?: string; want: ListAlertsInput }[] = [
    {
      name: 'no parameters: open and triaged, newest first, the default page size',
      query: '',
      want: { status: ['OPEN', 'TRIAGED'], sortDir: 'descending', pageSize: 50 },
    },
    {
      name: 'a cleared status filter means every status',
      query: 'status[]=',
      want: { sortDir: 'descending', pageSize: 50 },
    },
    {
      name: 'every filter',
      query:
        'status[]=CLOSED&severity[]=HIGH&severity[]=CRITICAL&types[]=RULE_ERROR&logTypes[]=AWS.CloudTrail&logTypes[]=Okta.SystemLog' +
        '&createdAtAfter=2024-05-01T00:00:00.000Z&createdAtBefore=2024-05-02T12:30:00.000Z&nameContains=%20root%20login%20&sortDir=ascending&pageSize=25',
      want: {
        status: ['CLOSED'],
        severity: ['HIGH', 'CRITICAL'],
        types: ['RULE_ERROR'],
        logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'],
        createdAtAfter: '2024-05-01T00:00:00.000Z',
        createdAtBefore: '2024-05-02T12:30:00.000Z',
        nameContains: 'root login',
        sortDir: 'ascending',
        pageSize: 25,
      },
    },
    {
      name: 'unknown values are dropped, not sent',
      query: 'status[]=BOGUS&status[]=OPEN&severity[]=urgent&types[]=x&sortDir=sideways&pageSize=1000&createdAtAfter=yesterday&nameContains=%20%20',
      want: { status: ['OPEN'], sortDir: 'descending', pageSize: 50 },
    },
    {
      name: 'the next page carries the previous page key',
      query: 'severity[]=LOW',
      key: 'page-2-key',
      want: { status: ['OPEN', 'TRIAGED'], severity: ['LOW'], sortDir: 'descending', pageSize: 50, exclusiveStartKey: 'page-2-key' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(input(c.query, c.key)).toEqual(c.want);
    });
  }
});

describe('withFilter', () => {
  it('replaces one filter and keeps the others', () => {
    const next = withFilter(new URLSearchParams('severity[]=LOW&nameContains=x'), 'severity', ['HIGH', 'CRITICAL']);
    expect(next.getAll('severity[]')).toEqual(['HIGH', 'CRITICAL']);
    expect(next.get('nameContains')).toBe('x');
  });

  it('keeps an emptied status filter empty instead of back to the default', () => {
    const next = withFilter(new URLSearchParams(), 'status', []);
    expect(parseFilters(next).status).toEqual([]);
  });

  it('removes an emptied text or list filter', () => {
    const next = withFilter(withFilter(new URLSearchParams('nameContains=x&severity[]=LOW'), 'title', ''), 'severity', []);
    expect(next.toString()).toBe('');
  });
});

describe('time range', () => {
  it('converts datetime-local values to instants and back', () => {
    expect(isoToLocal(localToIso('2024-05-01T09:30'))).toBe('2024-05-01T09:30');
    expect(localToIso('')).toBe('');
    expect(isoToLocal('')).toBe('');
  });

  it('names the fields when the range is empty', () => {
    const filters = parseFilters(new URLSearchParams('createdAtAfter=2024-05-02T00:00:00Z&createdAtBefore=2024-05-01T00:00:00Z'));
    expect(rangeError(filters)).toMatch(/Created after.*Created before/);
    expect(rangeError(parseFilters(new URLSearchParams('createdAtAfter=2024-05-01T00:00:00Z')))).toBeNull();
  });
});
