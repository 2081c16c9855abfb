// Step 1 of the S3 wizard: where the logs are (account, bucket, key, role) and which log
// types each prefix of the bucket holds.
import { ActionIcon, Alert, Button, Fieldset, Group, List, MultiSelect, SimpleGrid, Stack, Switch, TextInput, Title, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../graphql/api';
import { ErrorState } from '../../components/states';
import { urls } from '../../urls';
import { newPrefixRow, type PrefixRow, type S3FormErrors, type S3FormValues } from './s3Form';
import { keys, listAvailableLogTypes } from './sourcesApi';

const fieldNames: Record<string, string> = {
  label: 'Name',
  awsAccountId: 'AWS account ID',
  bucket: 'Bucket name',
  kmsKey: 'KMS key ARN',
  logProcessingRole: 'Log processing role ARN',
  prefixes: 'Prefixes',
};

function fieldName(key: string): string {
  const [field, index] = key.split('.');
  if (index === undefined) return fieldNames[field] ?? field;
  const n = Number(index) + 1;
  return field === 'prefix' ? `Prefix ${n}` : `Log types of prefix ${n}`;
}

function PrefixRows({
  rows,
  errors,
  logTypes,
  loadingLogTypes,
  onChange,
}: {
  rows: PrefixRow[];
  errors: S3FormErrors;
  logTypes: string[];
  loadingLogTypes: boolean;
  onChange: (rows: PrefixRow[]) => void;
}) {
  const set = (i: number, change: Partial<PrefixRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <Stack gap="sm">
      {rows.map((row, i) => (
        <Fieldset key={row.key} legend={`Prefix ${i + 1}`} variant="filled">
          <Group align="flex-start" wrap="nowrap">
            <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ flex: 1 }}>
              <TextInput
                label="Prefix"
                description="Objects whose keys start with this; empty for the whole bucket."
                placeholder="AWSLogs/ (empty: whole bucket)"
                value={row.prefix}
                onChange={(e) => set(i, { prefix: e.currentTarget.value })}
                error={errors[`prefix.${i}`]}
              />
              <MultiSelect
                label="Log types"
                description="What the objects under this prefix hold."
                placeholder={loadingLogTypes ? 'Loading log types…' : 'Choose log types'}
                // Keep chosen types that are no longer offered (a deleted custom type), so
                // editing shows what the source has.
                data={[...new Set([...logTypes, ...row.logTypes])]}
                value={row.logTypes}
                onChange={(value) => set(i, { logTypes: value })}
                searchable
                nothingFoundMessage="No log type matches"
                error={errors[`logTypes.${i}`]}
                required
              />
            </SimpleGrid>
            {rows.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="red"
                mt={28}
                aria-label={`Remove prefix ${i + 1}`}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                <IconTrash size={18} />
              </ActionIcon>
            )}
          </Group>
        </Fieldset>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => onChange([...rows, newPrefixRow()])}>
          Add prefix
        </Button>
      </Group>
    </Stack>
  );
}

export function S3ConfigStep({
  values,
  errors,
  showErrors,
  editing,
  onChange,
  onNext,
}: {
  values: S3FormValues;
  errors: S3FormErrors;
  showErrors: boolean;
  editing: boolean;
  onChange: (change: Partial<S3FormValues>) => void;
  onNext: () => void;
}) {
  const logTypes = useApiQuery(keys.logTypes, listAvailableLogTypes);
  const shown = showErrors ? errors : {};
  // The summary names the fields; their messages are beside them (not repeated here).
  const problems = Object.keys(shown).map(fieldName);

  function submit(e: FormEvent) {
    e.preventDefault();
    onNext();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Log source configuration">
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label="Name"
            description="How Panther shows this source: 1 to 32 letters, digits, spaces, - or _."
            value={values.label}
            onChange={(e) => onChange({ label: e.currentTarget.value })}
            error={shown.label}
            required
          />
          <TextInput
            label="AWS account ID"
            description={editing ? 'The account of a source cannot change.' : 'The 12-digit account that owns the bucket.'}
            inputMode="numeric"
            maxLength={12}
            value={values.awsAccountId}
            onChange={(e) => onChange({ awsAccountId: e.currentTarget.value.trim() })}
            error={shown.awsAccountId}
            disabled={editing}
            required
          />
          <TextInput
            label="Bucket name"
            description="The S3 bucket that receives the logs, such as my-company-cloudtrail."
            value={values.bucket}
            onChange={(e) => onChange({ bucket: e.currentTarget.value })}
            error={shown.bucket}
            required
          />
          <TextInput
            label="KMS key ARN"
            description="Optional: the key the objects are encrypted with, if it is a customer managed KMS key."
            value={values.kmsKey}
            onChange={(e) => onChange({ kmsKey: e.currentTarget.value.trim() })}
            error={shown.kmsKey}
          />
          <TextInput
            label="Log processing role ARN"
            description="The role in the bucket's account that Panther assumes to read it; its name must start with PantherLogProcessingRole-. The last step shows how to create it."
            value={values.logProcessingRole}
            onChange={(e) => onChange({ logProcessingRole: e.currentTarget.value.trim() })}
            error={shown.logProcessingRole}
          />
        </SimpleGrid>
        <Switch
          label="Let Panther manage bucket notifications"
          description="Panther creates the SNS topic panther-notifications-topic in the bucket's account, through the role, and sends the bucket's new objects to it. The bucket must then be in Panther's region. Off: you set up the notifications yourself."
          checked={values.managedBucketNotifications}
          onChange={(e) => onChange({ managedBucketNotifications: e.currentTarget.checked })}
        />

        <Title order={2} size="h4">
          Prefixes and log types
        </Title>
        <Text size="sm" c="dimmed">
          Panther parses each new object with the log types of the longest prefix its key starts with.
        </Text>
        {logTypes.isError && (
          <ErrorState title="The log types could not be loaded" error={logTypes.error} onRetry={() => void logTypes.refetch()} />
        )}
        {shown.prefixes && (
          <Text c="red" size="sm">
            {shown.prefixes}
          </Text>
        )}
        <PrefixRows
          rows={values.prefixes}
          errors={shown}
          logTypes={logTypes.data?.listAvailableLogTypes.logTypes ?? []}
          loadingLogTypes={logTypes.isPending}
          onChange={(prefixes) => onChange({ prefixes })}
        />

        {problems.length > 0 && (
          <Alert color="red" title="Fix these fields to continue" role="alert">
            <Text size="sm">Check the messages beside:</Text>
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button component={Link} to={urls.logSources()} variant="default">
            Cancel
          </Button>
          <Button type="submit">Continue to review</Button>
        </Group>
      </Stack>
    </form>
  );
}
