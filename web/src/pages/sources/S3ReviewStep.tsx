// Step 2 of the S3 wizard: what will be saved, and the button that saves it.
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { ErrorState } from '../../components/states';
import type { S3FormValues } from './s3Form';

export function S3ReviewStep({
  values,
  editing,
  saving,
  error,
  onBack,
  onSave,
}: {
  values: S3FormValues;
  editing: boolean;
  saving: boolean;
  error: unknown;
  onBack: () => void;
  onSave: () => void;
}) {
  const rows: [string, string][] = [
    ['Name', values.label.trim()],
    ['AWS account ID', values.awsAccountId],
    ['Bucket name', values.bucket.trim()],
    ['KMS key ARN', values.kmsKey || 'None'],
    ['Log processing role ARN', values.logProcessingRole || "None: Panther's own role reads the bucket"],
    ['Bucket notifications', values.managedBucketNotifications ? 'Managed by Panther' : 'Set up by you'],
  ];
  return (
    <Stack>
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label="Log source to save" withRowBorders>
          <Table.Tbody>
            {rows.map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row" w={220}>
                  {name}
                </Table.Th>
                <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
            {values.prefixes.map((row, i) => (
              <Table.Tr key={row.key}>
                <Table.Th scope="row">Prefix {i + 1}</Table.Th>
                <Table.Td>
                  <Text size="sm">
                    {row.prefix === '' ? 'The whole bucket' : row.prefix}: {row.logTypes.join(', ')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {error != null && (
        <ErrorState title={editing ? 'The log source was not saved' : 'The log source was not created'} error={error} />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack} disabled={saving}>
          Back
        </Button>
        <Button onClick={onSave} loading={saving}>
          {editing ? 'Save changes' : 'Create log source'}
        </Button>
      </Group>
    </Stack>
  );
}
