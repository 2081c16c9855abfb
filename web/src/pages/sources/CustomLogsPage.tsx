// Custom log types: the YAML schemas users add for logs Panther has no native parser for.
import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import { EmptyState, ErrorState, Loading, PageHeader } from '../../components/states';
import { errorMessage, formatDateTime } from '../../components/format';
import { urls } from '../../urls';
import { ConfirmDelete } from './ConfirmDelete';
import { customLogKeys, deleteCustomLog, listCustomLogs, type CustomLogSummary } from './customLogsApi';

function NewButton() {
  return (
    <Button component={Link} to={urls.newCustomLog()} leftSection={<IconPlus size={16} />}>
      New custom log type
    </Button>
  );
}

function CustomLogsTable({ logs, onDelete }: { logs: CustomLogSummary[]; onDelete: (log: CustomLogSummary) => void }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Custom log types">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Log type</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col">Reference</Table.Th>
            <Table.Th scope="col">Revision</Table.Th>
            <Table.Th scope="col">Updated</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {logs.map((log) => (
            <Table.Tr key={log.logType}>
              <Table.Td>
                <Anchor component={Link} to={urls.customLog(log.logType)} fw={500}>
                  {log.logType}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {log.description || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {log.referenceURL ? (
                  <Anchor href={log.referenceURL} target="_blank" rel="noreferrer noopener" size="sm" style={{ wordBreak: 'break-all' }}>
                    {log.referenceURL}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{log.revision}</Table.Td>
              <Table.Td>{formatDateTime(log.updatedAt)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button component={Link} to={urls.customLog(log.logType)} size="xs" variant="default" aria-label={`Edit ${log.logType}`}>
                    Edit
                  </Button>
                  <Button size="xs" variant="light" color="red" onClick={() => onDelete(log)} aria-label={`Delete ${log.logType}`}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function CustomLogsPage() {
  const query = useApiQuery(customLogKeys.list, listCustomLogs);
  const [deleting, setDeleting] = useState<CustomLogSummary | null>(null);
  const remove = useApiMutation(deleteCustomLog, [customLogKeys.list, customLogKeys.one, customLogKeys.available], {
    onSuccess: (_data, { input }) => {
      notifications.show({ color: 'green', title: 'Custom log type deleted', message: `${input.logType} is no longer parsed.` });
      setDeleting(null);
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The custom log type was not deleted', message: errorMessage(error) });
    },
  });
  const logs = query.data?.listCustomLogs.customLogs ?? [];

  return (
    <>
      <PageHeader
        title="Custom log types"
        description="Schemas, written in YAML, for logs Panther has no built-in log type for."
        actions={logs.length > 0 && <NewButton />}
      />
      {query.isPending ? (
        <Loading label="Loading custom log types…" />
      ) : query.isError ? (
        <ErrorState title="The custom log types could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : logs.length === 0 ? (
        <EmptyState title="No custom log types yet" action={<NewButton />}>
          Describe the fields of your own logs in a YAML schema; the new log type can then be chosen for a log source and
          in rules.
        </EmptyState>
      ) : (
        <CustomLogsTable
          logs={logs}
          onDelete={(log) => {
            remove.reset();
            setDeleting(log);
          }}
        />
      )}
      <ConfirmDelete
        opened={deleting != null}
        title={deleting ? `Delete ${deleting.logType}?` : ''}
        confirmLabel="Delete custom log type"
        busy={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ input: { logType: deleting.logType, revision: deleting.revision } })}
      >
        Panther stops parsing {deleting?.logType}. Its table and the events already stored stay, so the name cannot be
        used again.
      </ConfirmDelete>
    </>
  );
}
