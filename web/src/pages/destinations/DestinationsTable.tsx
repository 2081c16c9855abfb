// The destinations as a table; each row's actions are named after the destination, so that
// they are unique on the page.
import { Badge, Button, Group, ScrollArea, Table, Text } from '@mantine/core';
import { IconPencil, IconSend, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SeverityBadge } from '../../components/badges';
import { formatDateTime } from '../../components/format';
import { severityValues } from '../../graphql/schema';
import { urls } from '../../urls';
import { typeLabel } from './destinationTypes';
import { alertTypeLabel } from './parts';
import type { DestinationRow } from './queries';

interface Props {
  destinations: DestinationRow[];
  testing: string | null;
  onTest: (d: DestinationRow) => void;
  onDelete: (d: DestinationRow) => void;
}

// Most severe first.
const bySeverity = (a: string, b: string) => severityValues.indexOf(b as never) - severityValues.indexOf(a as never);

export function DestinationsTable({ destinations, testing, onTest, onDelete }: Props) {
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover miw={900} verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Default for severities</Table.Th>
            <Table.Th scope="col">Alert types</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Last modified</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {destinations.map((d) => (
            <Table.Tr key={d.outputId}>
              <Table.Td>
                <Text fw={500}>{d.displayName}</Text>
              </Table.Td>
              <Table.Td>{typeLabel(d.outputType)}</Table.Td>
              <Table.Td>
                {d.defaultForSeverity.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None (only rules that name it)
                  </Text>
                ) : (
                  <Group gap={4}>
                    {[...d.defaultForSeverity].sort(bySeverity).map((s) => (
                      <SeverityBadge key={s} severity={s} />
                    ))}
                  </Group>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {d.alertTypes.map((t) => (
                    <Badge key={t} variant="outline" color="gray">
                      {alertTypeLabel(t)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(d.creationTime)}</Table.Td>
              <Table.Td>{formatDateTime(d.lastModifiedTime)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    component={Link}
                    to={urls.editDestination(d.outputId)}
                    size="xs"
                    variant="default"
                    leftSection={<IconPencil size={14} />}
                    aria-label={`Edit ${d.displayName}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconSend size={14} />}
                    loading={testing === d.outputId}
                    onClick={() => onTest(d)}
                    aria-label={`Send test alert to ${d.displayName}`}
                  >
                    Send test alert
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => onDelete(d)}
                    aria-label={`Delete ${d.displayName}`}
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
