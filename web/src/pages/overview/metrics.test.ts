import { describe, expect, it } from 'vitest';
import { alertsDelta, chartData, metricsInput, parseRange } from './metrics';

const iso = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: '2-digit', hourCycle: 'h23' });

describe('chartData', () => {
  it('merges the series by interval, oldest first, 0 where a series has no value', () => {
    const got = chartData(
      [
        { label: 'AWS.CloudTrail', values: [3, 5], timestamps: ['2024-05-01T01:00:00Z', '2024-05-01T00:00:00Z'] },
        { label: 'Okta.SystemLog', values: [7], timestamps: ['2024-05-01T01:00:00Z'] },
      ],
      iso,
    );
    expect(got.data).toEqual([
      { time: '00', s0: 5, s1: 0 },
      { time: '01', s0: 3, s1: 7 },
    ]);
    // Keys without dots: the charts would read "AWS.CloudTrail" as a path.
    expect(got.series).toEqual([
      { name: 's0', label: 'AWS.CloudTrail' },
      { name: 's1', label: 'Okta.SystemLog' },
    ]);
    expect(got.total).toBe(15);
  });

  it('has nothing to chart without series', () => {
    expect(chartData([], iso)).toEqual({ data: [], series: [], total: 0 });
  });
});

describe('alertsDelta', () => {
  const cases = [
    { name: 'more than before', values: [{ label: 'Previous Period', value: 10 }, { label: 'Current Period', value: 15 }], want: { current: 15, previous: 10, change: 5, percent: 50 } },
    { name: 'fewer than before', values: [{ label: 'Current Period', value: 3 }, { label: 'Previous Period', value: 4 }], want: { current: 3, previous: 4, change: -1, percent: -25 } },
    { name: 'nothing before: no percentage', values: [{ label: 'Current Period', value: 2 }], want: { current: 2, previous: 0, change: 2, percent: null } },
    { name: 'no metric', values: null, want: { current: 0, previous: 0, change: 0, percent: null } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(alertsDelta(c.values)).toEqual(c.want));
  }
});

describe('metricsInput', () => {
  it('ends at now, to the minute, and asks for every metric', () => {
    expect(metricsInput('24h', new Date('2024-05-02T10:30:45.123Z'))).toEqual({
      metricNames: ['eventsProcessed', 'alertsBySeverity', 'totalAlertsDelta', 'alertsByRuleID'],
      fromDate: '2024-05-01T10:30:00.000Z',
      toDate: '2024-05-02T10:30:00.000Z',
      intervalMinutes: 60,
    });
    expect(metricsInput('30d', new Date('2024-05-31T00:00:00Z'))).toMatchObject({ fromDate: '2024-05-01T00:00:00.000Z', intervalMinutes: 1440 });
  });

  it('keeps every range within the API limit of 1440 intervals', () => {
    for (const key of ['24h', '7d', '30d'] as const) {
      const input = metricsInput(key, new Date());
      const intervals = (Date.parse(input.toDate) - Date.parse(input.fromDate)) / 60_000 / input.intervalMinutes;
      expect(intervals).toBeLessThanOrEqual(1440);
    }
  });

  it('falls back to 7 days for an unknown range', () => {
    expect(parseRange('1y')).toBe('7d');
    expect(parseRange('24h')).toBe('24h');
  });
});
