// The rule's metadata: everything of RuleInput but the body and the tests.
import { MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { Severity } from '../../graphql/schema';
import { severities } from './filters';
import type { DestinationOption } from './queries';
import type { FieldErrors, RuleFormValues } from './ruleValues';

export function RuleMetadataFields({
  values,
  errors,
  onChange,
  editing,
  logTypes,
  destinations,
}: {
  values: RuleFormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<RuleFormValues>) => void;
  /** An existing rule: its ID is its key and cannot change. */
  editing: boolean;
  logTypes: string[];
  destinations: DestinationOption[];
}) {
  // A saved rule may name log types or destinations that are gone; keep them choosable so
  // they show (and can be removed) instead of vanishing silently.
  const logTypeData = [...new Set([...logTypes, ...values.logTypes])];
  const destinationData = [
    ...destinations.map((d) => ({ value: d.outputId, label: `${d.displayName} (${d.outputType})` })),
    ...values.outputIds.filter((id) => !destinations.some((d) => d.outputId === id)).map((id) => ({ value: id, label: id })),
  ];
  // Required fields say so in their description instead of an asterisk in the label, so each
  // label's text is exactly its name (what getByLabel(…, { exact: true }) matches).
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput
          label="ID"
          description={editing ? 'The ID of a saved rule cannot change.' : 'Required: letters, digits, spaces and _ . ( ) -, for example AWS.CloudTrail.ConsoleLogin.'}
          value={values.id}
          onChange={(e) => onChange({ id: e.currentTarget.value })}
          error={errors.id}
          disabled={editing}
          required
          withAsterisk={false}
        />
        <TextInput
          label="Display name"
          description="The name alerts and lists show; the ID when empty."
          value={values.displayName}
          onChange={(e) => onChange({ displayName: e.currentTarget.value })}
          error={errors.displayName}
        />
        <MultiSelect
          label="Log types"
          description="Required: the logs the rule analyses."
          data={logTypeData}
          value={values.logTypes}
          onChange={(logTypes) => onChange({ logTypes })}
          error={errors.logTypes}
          searchable
          nothingFoundMessage="No log type matches"
          required
          withAsterisk={false}
        />
        <Select
          label="Severity"
          data={severities}
          value={values.severity}
          onChange={(v) => v && onChange({ severity: v as Severity })}
          allowDeselect={false}
          error={errors.severity}
          required
          withAsterisk={false}
        />
        <NumberInput
          label="Deduplication period (minutes)"
          description="Events with the same dedup string within this period make one alert; 0 uses 60."
          value={values.dedupPeriodMinutes}
          onChange={(v) => onChange({ dedupPeriodMinutes: v })}
          error={errors.dedupPeriodMinutes}
          min={0}
          allowDecimal={false}
        />
        <NumberInput
          label="Threshold"
          description="How many matching events raise an alert; 0 uses 1."
          value={values.threshold}
          onChange={(v) => onChange({ threshold: v })}
          error={errors.threshold}
          min={0}
          allowDecimal={false}
        />
        <TagsInput
          label="Tags"
          description="Type a tag and press Enter."
          value={values.tags}
          onChange={(tags) => onChange({ tags })}
          error={errors.tags}
          clearable
        />
        <MultiSelect
          label="Destination override"
          description="Send this rule's alerts to these destinations instead of the defaults for their severity."
          data={destinationData}
          value={values.outputIds}
          onChange={(outputIds) => onChange({ outputIds })}
          error={errors.outputIds}
          searchable
          clearable
          nothingFoundMessage="No destination matches"
        />
      </SimpleGrid>
      <Switch
        label="Enabled"
        // The wrapping <label> would add the description to the name; keep it plain.
        aria-label="Enabled"
        description="A disabled rule is kept but analyses no events."
        checked={values.enabled}
        onChange={(e) => onChange({ enabled: e.currentTarget.checked })}
      />
      <Textarea
        label="Description"
        value={values.description}
        onChange={(e) => onChange({ description: e.currentTarget.value })}
        error={errors.description}
        autosize
        minRows={2}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Textarea
          label="Runbook"
          description="What to do when the rule raises an alert."
          value={values.runbook}
          onChange={(e) => onChange({ runbook: e.currentTarget.value })}
          error={errors.runbook}
          autosize
          minRows={2}
        />
        <TextInput
          label="Reference"
          description="A link to background on what the rule detects."
          value={values.reference}
          onChange={(e) => onChange({ reference: e.currentTarget.value })}
          error={errors.reference}
        />
      </SimpleGrid>
      <Textarea
        label="Reports (JSON)"
        description='Compliance frameworks to their controls, for example {"MITRE ATT&CK": ["TA0001:T1078"]}. Optional.'
        value={values.reports}
        onChange={(e) => onChange({ reports: e.currentTarget.value })}
        error={errors.reports}
        autosize
        minRows={2}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
    </Stack>
  );
}
