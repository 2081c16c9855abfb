// The table of one page of detections, with a checkbox per row for the bulk delete.
import { Anchor, Badge, Checkbox, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { SeverityBadge } from '../../components/badges';
import { formatDateTime } from '../../components/format';
import { urls } from '../../urls';
import type { DetectionRow } from './queries';

export function DetectionsTable({
  rows,
  selected,
  onSelectedChange,
}: {
  rows: DetectionRow[];
  selected: string[];
  onSelectedChange: (ids: string[]) => void;
}) {
  const ids = rows.map((r) => r.id);
  const all = ids.length > 0 && ids.every((id) => selected.includes(id));
  const some = !all && ids.some((id) => selected.includes(id));
  const toggle = (id: string, on: boolean) => onSelectedChange(on ? [...selected, id] : selected.filter((s) => s !== id));

  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover miw={900} verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select all detections on this page"
                checked={all}
                indeterminate={some}
                onChange={(e) => onSelectedChange(e.currentTarget.checked ? ids : [])}
              />
            </Table.Th>
            <Table.Th>Detection</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Log types</Table.Th>
            <Table.Th>Last modified</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <Checkbox aria-label={`Select ${row.id}`} checked={selected.includes(row.id)} onChange={(e) => toggle(row.id, e.currentTarget.checked)} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Anchor component={Link} to={urls.rule(row.id)} fw={500}>
                    {row.displayName || row.id}
                  </Anchor>
                  {row.displayName && row.displayName !== row.id && (
                    <Text size="xs" c="dimmed">
                      {row.id}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={row.severity} />
              </Table.Td>
              <Table.Td>
                <Badge color={row.enabled ? 'green' : 'gray'} variant="light">
                  {row.enabled ? 'Enabled' : 'Disabled'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {row.logTypes.map((t) => (
                    <Badge key={t} variant="outline" color="gray" tt="none">
                      {t}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="time" dateTime={row.lastModified}>
                  {formatDateTime(row.lastModified)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
