// The log analysis overview: events processed and alerts over a chosen range (kept in the
// URL, ?range=24h|7d|30d), total alerts against the range before, the most active rules and
// the newest open high and critical alerts.
import { Button, Grid, SegmentedControl, SimpleGrid, Stack } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiQuery } from '../../graphql/api';
import { AlertsChart, EventsChart } from './Charts';
import { alertsDelta, metricsInput, parseRange, RANGE_KEYS, RANGES } from './metrics';
import { RecentHighAlerts, TopRules, TotalAlerts } from './Panels';
import { getMetrics, keys, listRecentAlerts, recentAlertsInput } from './queries';

const rangeOptions = RANGE_KEYS.map((value) => ({ value, label: RANGES[value].label }));

export default function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const rangeKey = parseRange(params.get('range'));
  const range = RANGES[rangeKey];
  // "Now" moves only on "Refresh" or a new range: a range ending at each render's now would
  // be a new query every render.
  const [now, setNow] = useState(() => new Date());
  const input = useMemo(() => metricsInput(rangeKey, now), [rangeKey, now]);

  // The previous range's charts stay up while the next one loads.
  const metrics = useApiQuery(keys.metrics, getMetrics, { input }, { placeholderData: keepPreviousData });
  const recent = useApiQuery(keys.recentAlerts, listRecentAlerts, { input: recentAlertsInput });
  const m = metrics.data?.getLogAnalysisMetrics;

  function onRange(value: string) {
    setNow(new Date());
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('range', value);
      return next;
    });
  }

  return (
    <Stack gap="md">
      <PageHeader
        title="Overview"
        description="What Panther processed and what your rules found."
        actions={
          <>
            <SegmentedControl aria-label="Time range" data={rangeOptions} value={rangeKey} onChange={onRange} />
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              loading={metrics.isFetching || recent.isFetching}
              onClick={() => {
                setNow(new Date());
                void recent.refetch();
              }}
            >
              Refresh
            </Button>
          </>
        }
      />
      {metrics.isPending ? (
        <Loading label="Loading metrics…" />
      ) : metrics.isError ? (
        <ErrorState title="The metrics could not be loaded" error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <EventsChart series={m?.eventsProcessed ?? []} range={range} />
          <AlertsChart series={m?.alertsBySeverity ?? []} range={range} />
        </SimpleGrid>
      )}
      <Grid>
        {m && (
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Stack gap="md">
              <TotalAlerts delta={alertsDelta(m.totalAlertsDelta)} range={range} />
              <TopRules rules={m.alertsByRuleID ?? []} />
            </Stack>
          </Grid.Col>
        )}
        <Grid.Col span={m ? { base: 12, md: 7, lg: 8 } : 12}>
          <RecentHighAlerts alerts={recent.data?.alerts.alertSummaries} error={recent.error} onRetry={() => void recent.refetch()} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

