// The detections list's filter bar. The name filter is debounced so typing does not send a
// request per key; the other filters apply at once.
import { Button, Group, MultiSelect, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { DetectionSortField, Severity, SortDirection } from '../../graphql/schema';
import { defaultFilters, hasFilters, pageSizes, severities, type DetectionFilters } from './filters';

const sortFields: { value: DetectionSortField; label: string }[] = [
  { value: 'lastModified', label: 'Last modified' },
  { value: 'id', label: 'ID' },
  { value: 'displayName', label: 'Display name' },
  { value: 'severity', label: 'Severity' },
  { value: 'enabled', label: 'Enabled' },
  { value: 'logTypes', label: 'Log types' },
];

export const nameDebounceMs = 300;

export function FiltersForm({
  filters,
  logTypes,
  onChange,
}: {
  filters: DetectionFilters;
  logTypes: string[];
  /** Changes some filters; the page goes back to 1 unless the change is the page itself. */
  onChange: (patch: Partial<DetectionFilters>) => void;
}) {
  const [name, setName] = useState(filters.nameContains);
  // The last name this form wrote, to tell our own URL updates from outside ones (the back
  // button, a link), which must replace what is typed.
  const written = useRef(filters.nameContains);
  useEffect(() => {
    if (filters.nameContains !== written.current) {
      written.current = filters.nameContains;
      setName(filters.nameContains);
    }
  }, [filters.nameContains]);
  const writeName = useDebouncedCallback((value: string) => {
    written.current = value;
    onChange({ nameContains: value });
  }, nameDebounceMs);

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="md" role="search" aria-label="Filter detections">
      <TextInput
        label="Name contains"
        placeholder="ID or display name"
        leftSection={<IconSearch size={16} />}
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          writeName(e.currentTarget.value);
        }}
      />
      <MultiSelect
        label="Severity"
        placeholder={filters.severity.length ? undefined : 'Any severity'}
        data={severities}
        value={filters.severity}
        onChange={(v) => onChange({ severity: v as Severity[] })}
        clearable
      />
      <Select
        label="Enabled"
        data={[
          { value: 'any', label: 'Enabled and disabled' },
          { value: 'true', label: 'Enabled only' },
          { value: 'false', label: 'Disabled only' },
        ]}
        value={filters.enabled === null ? 'any' : String(filters.enabled)}
        onChange={(v) => onChange({ enabled: v === 'true' ? true : v === 'false' ? false : null })}
        allowDeselect={false}
      />
      <MultiSelect
        label="Log types"
        placeholder={filters.logTypes.length ? undefined : 'Any log type'}
        data={[...new Set([...logTypes, ...filters.logTypes])]}
        value={filters.logTypes}
        onChange={(v) => onChange({ logTypes: v })}
        searchable
        clearable
        nothingFoundMessage="No log type matches"
      />
      <TagsInput
        label="Tags"
        placeholder={filters.tags.length ? undefined : 'Type a tag and press Enter'}
        value={filters.tags}
        onChange={(v) => onChange({ tags: v })}
        clearable
      />
      <Select
        label="Sort by"
        data={sortFields}
        value={filters.sortBy}
        onChange={(v) => v && onChange({ sortBy: v as DetectionSortField })}
        allowDeselect={false}
      />
      <Select
        label="Sort direction"
        data={[
          { value: 'ascending', label: 'Ascending' },
          { value: 'descending', label: 'Descending' },
        ]}
        value={filters.sortDir}
        onChange={(v) => v && onChange({ sortDir: v as SortDirection })}
        allowDeselect={false}
      />
      <Select
        label="Page size"
        data={pageSizes.map(String)}
        value={String(filters.pageSize)}
        onChange={(v) => v && onChange({ pageSize: Number(v) })}
        allowDeselect={false}
      />
      {hasFilters(filters) && (
        <Group align="flex-end">
          <Button
            variant="subtle"
            onClick={() => {
              written.current = '';
              setName('');
              writeName.cancel();
              onChange({ ...defaultFilters, sortBy: filters.sortBy, sortDir: filters.sortDir, pageSize: filters.pageSize });
            }}
          >
            Clear filters
          </Button>
        </Group>
      )}
    </SimpleGrid>
  );
}
