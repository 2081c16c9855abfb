// General settings: the company's name and email, the consents, and which Panther this is.
import { Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { config } from '../../config';
import { errorMessage } from '../../components/format';
import { ErrorState, Loading, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import type { GeneralSettings } from '../../graphql/schema';
import { changedSettings, generalSettingsKey, generalSettingsQuery, updateGeneralSettingsMutation, validateSettings } from './generalSettings';

export default function GeneralSettingsPage() {
  const query = useApiQuery(generalSettingsKey, generalSettingsQuery);
  const { version, commit } = config();
  return (
    <>
      <PageHeader title="General settings" description="Your company's details, as Panther shows them in the app and in alerts." />
      <Stack gap="xl" maw={640}>
        {query.isPending ? (
          <Loading label="Loading the settings…" />
        ) : query.isError ? (
          <ErrorState title="The settings could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          // Saving refetches the settings; the form then starts again from what was stored.
          <SettingsForm key={JSON.stringify(query.data.generalSettings)} saved={query.data.generalSettings} />
        )}
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="about-title">
          <Title order={2} size="h4" id="about-title" mb="xs">
            About this deployment
          </Title>
          <Text size="sm">Panther version {version}</Text>
          <Text size="sm" c="dimmed">
            Commit {commit}
          </Text>
        </Paper>
      </Stack>
    </>
  );
}

function SettingsForm({ saved }: { saved: GeneralSettings }) {
  const [values, setValues] = useState(saved);
  const [errors, setErrors] = useState<ReturnType<typeof validateSettings>>({});
  const update = useApiMutation(updateGeneralSettingsMutation, [generalSettingsKey], {
    onSuccess: () => notifications.show({ color: 'green', title: 'Settings saved', message: 'The general settings are saved.' }),
    onError: (error) => notifications.show({ color: 'red', title: 'The settings were not saved', message: errorMessage(error) }),
  });
  const input = changedSettings(values, saved);
  const dirty = Object.keys(input).length > 0;

  function set<K extends keyof GeneralSettings>(key: K, value: GeneralSettings[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateSettings(values, saved);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    if (dirty) update.mutate({ input });
  }

  return (
    <Paper component="form" onSubmit={submit} noValidate withBorder p="md" radius="md" aria-labelledby="company-title">
      <Stack>
        <Title order={2} size="h4" id="company-title">
          Company
        </Title>
        <TextInput
          label="Company name"
          description="Shown in the app and in the alerts Panther sends."
          withAsterisk
          value={values.displayName}
          error={errors.displayName}
          onChange={(e) => set('displayName', e.currentTarget.value)}
        />
        <TextInput
          label="Company email"
          description="Where your security team can be reached."
          type="email"
          value={values.email}
          error={errors.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          autoComplete="email"
        />
        <Checkbox
          label="Allow error reporting"
          description="Records whether this company consents to sending Panther's developers reports of errors in the app."
          checked={values.errorReportingConsent}
          onChange={(e) => set('errorReportingConsent', e.currentTarget.checked)}
        />
        <Checkbox
          label="Allow product analytics"
          description="Records whether this company consents to sending anonymous usage analytics."
          checked={values.analyticsConsent}
          onChange={(e) => set('analyticsConsent', e.currentTarget.checked)}
        />
        {update.isError && <ErrorState title="The settings were not saved" error={update.error} />}
        <Group>
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save settings
          </Button>
          <Button variant="default" disabled={!dirty} onClick={() => {
              setValues(saved);
              setErrors({});
            }}>
            Discard changes
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
