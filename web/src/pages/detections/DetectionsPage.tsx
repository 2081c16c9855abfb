// /detections/: the list of rules, filtered, sorted and paged by the API, with a bulk delete.
import { Button, Group, Pagination, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../components/format';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { urls } from '../../urls';
import { DeleteDetectionsModal } from './DeleteDetectionsModal';
import { DetectionsTable } from './DetectionsTable';
import { filtersFromSearch, filtersToInput, filtersToSearch, hasFilters, type DetectionFilters } from './filters';
import { FiltersForm } from './FiltersForm';
import { deleteDetectionsMutation, detectionsQuery, keys, logTypesQuery } from './queries';

function CreateButtons() {
  return (
    <>
      <Button component={Link} to={urls.newRule()} leftSection={<IconPlus size={16} />}>
        Create rule
      </Button>
      <Button component={Link} to={urls.bulkUploader()} variant="default" leftSection={<IconUpload size={16} />}>
        Bulk upload
      </Button>
    </>
  );
}

export default function DetectionsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);

  // Keeping the previous page while the next loads stops the table from flashing on every
  // filter change.
  const list = useApiQuery(keys.detections, detectionsQuery, { input: filtersToInput(filters) }, { placeholderData: keepPreviousData });
  const logTypes = useApiQuery(keys.logTypes, logTypesQuery);

  // A selection belongs to the rows it was made on.
  useEffect(() => setSelected([]), [search]);

  const onChange = (patch: Partial<DetectionFilters>) =>
    setParams((prev) => filtersToSearch({ ...filtersFromSearch(prev), page: 1, ...patch }));

  // A page past the end (after a delete, or an old link) moves to the last page there is.
  const paging = list.data?.detections.paging;
  useEffect(() => {
    if (paging && !list.isPlaceholderData && filters.page > Math.max(paging.totalPages, 1)) {
      setParams((prev) => filtersToSearch({ ...filtersFromSearch(prev), page: Math.max(paging.totalPages, 1) }), { replace: true });
    }
  }, [paging, filters.page, list.isPlaceholderData, setParams]);

  const remove = useApiMutation(deleteDetectionsMutation, [['detections'], ['rule']], {
    onSuccess: (_data, vars) => {
      const n = vars.input.entries.length;
      notifications.show({ color: 'green', title: 'Detections deleted', message: `Deleted ${n === 1 ? '1 detection' : `${n} detections`}.` });
      setSelected([]);
      setConfirming(false);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'The detections were not deleted', message: errorMessage(error) }),
  });

  const rows = list.data?.detections.detections ?? [];
  const nothingAtAll = list.isSuccess && paging?.totalItems === 0 && !hasFilters(filters);

  return (
    <>
      <PageHeader
        title="Detections"
        description="Rules that analyse your logs and raise alerts."
        actions={nothingAtAll ? undefined : <CreateButtons />}
      />
      {nothingAtAll ? (
        <EmptyState title="No detections yet" action={<Group><CreateButtons /></Group>}>
          Write a rule in Python, or upload an analysis pack of rules at once.
        </EmptyState>
      ) : (
        <>
          <FiltersForm filters={filters} logTypes={logTypes.data?.listAvailableLogTypes.logTypes ?? []} onChange={onChange} />
          {list.isPending ? (
            <Loading label="Loading detections…" />
          ) : list.isError ? (
            <ErrorState title="The detections could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyState title="No detections match these filters">Change the filters above, or clear them to see every detection.</EmptyState>
          ) : (
            <Paper withBorder p="sm">
              <Group justify="space-between" mb="sm">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {selected.length ? `${selected.length} selected` : `${paging?.totalItems ?? rows.length} detections`}
                </Text>
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} disabled={!selected.length} onClick={() => setConfirming(true)}>
                  Delete
                </Button>
              </Group>
              <DetectionsTable rows={rows} selected={selected} onSelectedChange={setSelected} />
              {paging && paging.totalPages > 1 && (
                <Group justify="center" mt="md">
                  <Pagination
                    total={paging.totalPages}
                    value={filters.page}
                    onChange={(page) => onChange({ page })}
                    getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
                    getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
                  />
                </Group>
              )}
            </Paper>
          )}
        </>
      )}
      <DeleteDetectionsModal
        ids={selected}
        opened={confirming}
        deleting={remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate({ input: { entries: selected.map((id) => ({ id })) } })}
      />
    </>
  );
}
