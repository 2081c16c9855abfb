// The overview's arithmetic: the time ranges it offers, the metrics API's input for one, and
// its answer shaped for the charts. Pure functions, so that the tests can hold them.
import type { LogAnalysisMetricsInput, Series, SingleValue } from '../../graphql/schema';

export type RangeKey = '24h' | '7d' | '30d';

export interface Range {
  label: string;
  minutes: number;
  /** At most 1440 intervals per range (the API's limit); these give 24, 28 and 30 points. */
  intervalMinutes: number;
  /** How the totals compare: "vs the previous …". */
  previous: string;
  format: Intl.DateTimeFormat;
}

const DAY = 24 * 60;

export const RANGES: Record<RangeKey, Range> = {
  '24h': {
    label: 'Last 24 hours',
    minutes: DAY,
    intervalMinutes: 60,
    previous: 'the 24 hours before',
    format: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
  },
  '7d': {
    label: 'Last 7 days',
    minutes: 7 * DAY,
    intervalMinutes: 6 * 60,
    previous: 'the 7 days before',
    format: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' }),
  },
  '30d': {
    label: 'Last 30 days',
    minutes: 30 * DAY,
    intervalMinutes: DAY,
    previous: 'the 30 days before',
    format: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }),
  },
};

export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const DEFAULT_RANGE: RangeKey = '7d';

export function parseRange(value: string | null): RangeKey {
  return RANGE_KEYS.includes(value as RangeKey) ? (value as RangeKey) : DEFAULT_RANGE;
}

export const METRIC_NAMES = ['eventsProcessed', 'alertsBySeverity', 'totalAlertsDelta', 'alertsByRuleID'];

/** The range that ends at now (to the minute, so that the query's key stays put). */
export function metricsInput(key: RangeKey, now: Date): LogAnalysisMetricsInput {
  const range = RANGES[key];
  const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const from = new Date(to.getTime() - range.minutes * 60_000);
  return { metricNames: METRIC_NAMES, fromDate: from.toISOString(), toDate: to.toISOString(), intervalMinutes: range.intervalMinutes };
}

export interface ChartData {
  /** One row per interval: time is its label, s0…sN the series' values. */
  data: Record<string, string | number>[];
  /** name is the row key, label the series' label. Keys are s0…sN rather than the labels,
   *  because the charts read a key with dots (AWS.CloudTrail) as a path. */
  series: { name: string; label: string }[];
  total: number;
}

/** The series as rows of the intervals they cover, oldest first; a missing value is 0. */
export function chartData(series: Pick<Series, 'label' | 'values' | 'timestamps'>[], format: Intl.DateTimeFormat): ChartData {
  const rows = new Map<number, Record<string, string | number>>();
  let total = 0;
  series.forEach((s, i) => {
    s.timestamps.forEach((t, j) => {
      const at = Date.parse(t);
      if (Number.isNaN(at)) return;
      let row = rows.get(at);
      if (!row) {
        row = { time: format.format(at) };
        series.forEach((_, k) => (row![`s${k}`] = 0));
        rows.set(at, row);
      }
      const value = s.values[j] ?? 0;
      row[`s${i}`] = value;
      total += value;
    });
  });
  return {
    data: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row),
    series: series.map((s, i) => ({ name: `s${i}`, label: s.label })),
    total,
  };
}

export interface Delta {
  current: number;
  previous: number;
  /** current − previous */
  change: number;
  /** The change in percent of previous; null when there was nothing before. */
  percent: number | null;
}

/** totalAlertsDelta's two values, by their labels. */
export function alertsDelta(values: SingleValue[] | null | undefined): Delta {
  const get = (label: string) => values?.find((v) => v.label === label)?.value ?? 0;
  const current = get('Current Period');
  const previous = get('Previous Period');
  return { current, previous, change: current - previous, percent: previous > 0 ? Math.round(((current - previous) / previous) * 100) : null };
}
