// The alert list: filters in the URL, one page of alerts from the API at a time (the API pages
// with keys, so "Previous page" walks back through the keys seen), and a bulk status change
// for the selected alerts.
import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiQuery } from '../../graphql/api';
import { urls } from '../../urls';
import { AlertFiltersBar } from './AlertFiltersBar';
import { AlertsTable } from './AlertsTable';
import { BulkStatusMenu } from './BulkStatusMenu';
import { listAlertsInput, PAGE_SIZES } from './filters';
import { alertsListQuery, logTypesQuery } from './firstQueries';
import { useUrlFilters } from './useUrlFilters';

const pageSizeOptions = PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }));

export default function AlertsPage() {
  const { params, filters, setFilter: onFilter, reset: onReset } = useUrlFilters();

  // The keys of the pages before this one, for the filters they were read with: new filters
  // start again at the first page.
  const filterKey = JSON.stringify(listAlertsInput(filters));
  const [paging, setPaging] = useState<{ filterKey: string; cursors: (string | null)[] }>({ filterKey, cursors: [null] });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1];
  const pageKey = `${filterKey}|${cursor ?? ''}`;

  const list = alertsListQuery(filters, cursor);
  const query = useApiQuery(list.key, list.op, list.variables, { placeholderData: keepPreviousData });
  const logTypes = useApiQuery(logTypesQuery.key, logTypesQuery.op, undefined, { staleTime: 5 * 60_000 });
  const alerts = useMemo(() => query.data?.alerts.alertSummaries ?? [], [query.data]);
  const nextKey = query.data?.alerts.lastEvaluatedKey ?? null;

  // The selection belongs to the page it was made on.
  const [selection, setSelection] = useState<{ pageKey: string; ids: ReadonlySet<string> }>({ pageKey, ids: new Set() });
  const selected = selection.pageKey === pageKey ? selection.ids : emptySet;
  const onToggle = useCallback(
    (id: string) =>
      setSelection((prev) => {
        const ids = new Set(prev.pageKey === pageKey ? prev.ids : []);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { pageKey, ids };
      }),
    [pageKey],
  );
  const onToggleAll = useCallback(() => {
    const all = alerts.length > 0 && alerts.every((a) => selected.has(a.alertId));
    setSelection({ pageKey, ids: all ? new Set() : new Set(alerts.map((a) => a.alertId)) });
  }, [alerts, selected, pageKey]);
  const clearSelection = useCallback(() => setSelection({ pageKey, ids: new Set() }), [pageKey]);

  const filtered = params.toString() !== '';
  const selectedIds = useMemo(() => alerts.filter((a) => selected.has(a.alertId)).map((a) => a.alertId), [alerts, selected]);

  return (
    <Stack gap={0}>
      <PageHeader
        title="Alerts"
        description="What your rules raised from your logs. Select alerts to change their status together."
        actions={
          <>
            {selectedIds.length > 0 && <Text size="sm" aria-live="polite">{selectedIds.length} selected</Text>}
            <BulkStatusMenu alertIds={selectedIds} onDone={clearSelection} />
          </>
        }
      />
      <AlertFiltersBar filters={filters} logTypes={logTypes.data?.listAvailableLogTypes.logTypes ?? noLogTypes} logTypesError={logTypes.isError} onChange={onFilter} onClear={onReset} />
      {query.isPending ? (
        <Loading label="Loading alerts…" />
      ) : query.isError ? (
        <ErrorState title="The alerts could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : alerts.length === 0 && cursors.length === 1 ? (
        filtered ? (
          <EmptyState
            title="No alerts match these filters"
            action={
              <Button variant="light" onClick={onReset}>
                Show open and triaged alerts
              </Button>
            }
          >
            Widen the filters above, or go back to the alerts that still need someone.
          </EmptyState>
        ) : (
          <EmptyState
            title="No open or triaged alerts"
            action={
              <Button component={Link} to={urls.detections()} variant="light">
                Review your rules
              </Button>
            }
          >
            Alerts appear here when your rules match events from your log sources.
          </EmptyState>
        )
      ) : (
        <>
          <AlertsTable alerts={alerts} selected={selected} sortDir={filters.sortDir} onToggle={onToggle} onToggleAll={onToggleAll} />
          <Group justify="space-between" mt="md" wrap="wrap">
            {/* A native select: Mantine's Select searches the whole document for its options
                when it mounts, which is slow next to a thousand rows. */}
            <NativeSelect
              label="Alerts per page"
              data={pageSizeOptions}
              value={String(filters.pageSize)}
              onChange={(e) => onFilter('pageSize', Number(e.currentTarget.value))}
              w={140}
            />
            <Group gap="sm">
              <Button variant="default" disabled={cursors.length === 1} onClick={() => setPaging({ filterKey, cursors: cursors.slice(0, -1) })}>
                Previous page
              </Button>
              <Text size="sm" aria-live="polite">
                Page {cursors.length}
              </Text>
              <Button variant="default" disabled={!nextKey || query.isPlaceholderData} onClick={() => setPaging({ filterKey, cursors: [...cursors, nextKey] })}>
                Next page
              </Button>
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}

const emptySet: ReadonlySet<string> = new Set();
// Stable, so that the memoized filter bar does not render again for a new empty list.
const noLogTypes: string[] = [];
