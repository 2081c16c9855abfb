// The overview's two charts. @mantine/charts (and recharts under it) is imported only here,
// under the overview page, so that it stays in the overview's lazy chunk.
import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../../components/states';
import type { Series } from '../../graphql/schema';
import { urls } from '../../urls';
import { chartData, type Range } from './metrics';

const palette = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.7', 'indigo.6', 'red.6', 'yellow.6'];
// As components/badges.tsx colours the severities.
const severityColors: Record<string, string> = { INFO: 'gray.6', LOW: 'blue.6', MEDIUM: 'yellow.6', HIGH: 'orange.6', CRITICAL: 'red.6' };
const count = new Intl.NumberFormat();
const formatValue = (n: number) => count.format(n);

function ChartCard({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  const id = `chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {summary}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

export function EventsChart({ series, range }: { series: Series[]; range: Range }) {
  const chart = chartData(series, range.format);
  if (chart.total === 0) {
    return (
      <ChartCard title="Events processed" summary={range.label}>
        <EmptyState
          title="No events processed yet"
          action={
            <Anchor component={Link} to={urls.logSources()}>
              Go to log sources
            </Anchor>
          }
        >
          Panther processed no events in this range. Add a log source, or check that yours are sending data.
        </EmptyState>
      </ChartCard>
    );
  }
  return (
    <ChartCard title="Events processed" summary={`${formatValue(chart.total)} events by log type, ${range.label.toLowerCase()}`}>
      <div role="img" aria-label={`Events processed by log type: ${series.map((s) => s.label).join(', ')}`}>
        <AreaChart
          h={260}
          data={chart.data}
          dataKey="time"
          type="stacked"
          series={chart.series.map((s, i) => ({ ...s, color: palette[i % palette.length] }))}
          valueFormatter={formatValue}
          withLegend
          withDots={false}
          curveType="monotone"
        />
      </div>
    </ChartCard>
  );
}

export function AlertsChart({ series, range }: { series: Series[]; range: Range }) {
  const chart = chartData(series, range.format);
  return (
    <ChartCard title="Alerts by severity" summary={`${formatValue(chart.total)} alerts, ${range.label.toLowerCase()}`}>
      {chart.total === 0 ? (
        <EmptyState
          title="No alerts in this range"
          action={
            <Anchor component={Link} to={urls.detections()}>
              Review your rules
            </Anchor>
          }
        >
          None of your rules matched an event. That is good news, if your log sources are sending data.
        </EmptyState>
      ) : (
        <div role="img" aria-label={`Alerts by severity: ${series.map((s) => s.label).join(', ')}`}>
          <BarChart
            h={260}
            data={chart.data}
            dataKey="time"
            type="stacked"
            series={chart.series.map((s) => ({ ...s, color: severityColors[s.label] ?? 'gray.6' }))}
            valueFormatter={formatValue}
            withLegend
          />
        </div>
      )}
    </ChartCard>
  );
}
