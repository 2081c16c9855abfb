// The filter controls of the alert list. They only read and write the filters; the page owns
// the URL (through onChange) and the query.
import { Button, Group, MultiSelect, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { alertStatusValues, severityValues, type AlertStatus, type AlertType, type Severity } from '../../graphql/schema';
import { isoToLocal, localToIso, rangeError, type AlertFilters } from './filters';
import type { FilterChange } from './useUrlFilters';
import { comboboxProps, options, severityLabels, statusLabels, typeLabels } from './labels';

const statusOptions = options(statusLabels, alertStatusValues);
const severityOptions = options(severityLabels, [...severityValues].reverse());
// Log analysis only raises rule matches and rule errors; policy alerts belong to cloud
// security, which this app does not have.
const typeOptions = options(typeLabels, ['RULE', 'RULE_ERROR'] as AlertType[]);
const sortOptions = [
  { value: 'descending', label: 'Newest first' },
  { value: 'ascending', label: 'Oldest first' },
];

interface Props {
  filters: AlertFilters;
  logTypes: string[];
  logTypesError: boolean;
  onChange: FilterChange;
  onClear: () => void;
}

export const AlertFiltersBar = memo(function AlertFiltersBar({ filters, logTypes, logTypesError, onChange, onClear }: Props) {
  // Keep the chosen log types selectable even before (or without) the list of log types.
  const logTypeOptions = Array.from(new Set([...logTypes, ...filters.logTypes])).sort();
  const range = rangeError(filters);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" mb="md" role="search" aria-label="Alert filters">
      <MultiSelect
        comboboxProps={comboboxProps}
        label="Status"
        placeholder={filters.status.length ? undefined : 'Any status'}
        data={statusOptions}
        value={filters.status}
        onChange={(v) => onChange('status', v as AlertStatus[])}
        clearable
      />
      <MultiSelect
        comboboxProps={comboboxProps}
        label="Severity"
        placeholder={filters.severity.length ? undefined : 'Any severity'}
        data={severityOptions}
        value={filters.severity}
        onChange={(v) => onChange('severity', v as Severity[])}
        clearable
      />
      <MultiSelect
        comboboxProps={comboboxProps}
        label="Type"
        placeholder={filters.types.length ? undefined : 'Any type'}
        data={typeOptions}
        value={filters.types}
        onChange={(v) => onChange('types', v as AlertType[])}
        clearable
      />
      <MultiSelect
        comboboxProps={comboboxProps}
        label="Log type"
        placeholder={filters.logTypes.length ? undefined : 'Any log type'}
        data={logTypeOptions}
        value={filters.logTypes}
        onChange={(v) => onChange('logTypes', v)}
        error={logTypesError ? 'The log types could not be loaded: reload the page to pick from them.' : undefined}
        searchable
        clearable
      />
      <TextInput
        type="datetime-local"
        label="Created after"
        value={isoToLocal(filters.createdAfter)}
        onChange={(e) => onChange('createdAfter', localToIso(e.currentTarget.value))}
      />
      <TextInput
        type="datetime-local"
        label="Created before"
        value={isoToLocal(filters.createdBefore)}
        onChange={(e) => onChange('createdBefore', localToIso(e.currentTarget.value))}
        error={range ?? undefined}
      />
      <TitleSearch value={filters.title} onChange={(v) => onChange('title', v)} />
      <NativeSelect
        label="Sort"
        data={sortOptions}
        value={filters.sortDir}
        onChange={(e) => onChange('sortDir', e.currentTarget.value === 'ascending' ? 'ascending' : 'descending')}
      />
      <Group align="flex-end">
        <Button variant="subtle" onClick={onClear}>
          Reset filters
        </Button>
      </Group>
    </SimpleGrid>
  );
});

/** The title search: the list follows the text once typing pauses, not on every key. */
function TitleSearch({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const commit = useDebouncedCallback(onChange, 300);
  // The URL changed by other means (back button, "Reset filters"): show its text, unless the
  // user is still typing ahead of it.
  if (value !== seen) {
    setSeen(value);
    if (!commit.isPending()) setText(value);
  }
  return (
    <TextInput
      label="Search titles"
      placeholder="Text in the alert title"
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
    />
  );
}
