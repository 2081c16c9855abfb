// The custom log type form: name, description, reference URL and the YAML schema, checked
// here before saving; the API's own findings are shown too.
import { Alert, Button, Group, List, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { urls } from '../../urls';
import { hasErrors, renameSchema, validateCustomLog, type CustomLogValues } from './customLogForm';
import { SchemaEditor } from './SchemaEditor';
import { describeProblem } from './schemaValidator';

/** The API's message, one problem a line (the backend joins them with newlines). */
function ApiErrors({ error, editing }: { error: Error; editing: boolean }) {
  const lines = error.message.split('\n').filter(Boolean);
  return (
    <Alert color="red" title={editing ? 'The custom log type was not saved' : 'The custom log type was not created'} role="alert">
      {lines.length === 1 ? (
        <Text size="sm">{lines[0]}</Text>
      ) : (
        <List size="sm">
          {lines.map((l, i) => (
            <List.Item key={i}>{l}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

export function CustomLogForm({
  initial,
  editing,
  saving,
  error,
  onSave,
}: {
  initial: CustomLogValues;
  editing: boolean;
  saving: boolean;
  error: Error | null;
  onSave: (values: CustomLogValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [checked, setChecked] = useState(false);
  const errors = validateCustomLog(values);
  const shown = showErrors || checked;

  function set(change: Partial<CustomLogValues>) {
    setChecked(false);
    setValues((v) => {
      const next = { ...v, ...change };
      if (change.name !== undefined) next.logSpec = renameSchema(v.logSpec, v.name, change.name);
      return next;
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (hasErrors(errors)) {
      setShowErrors(true);
      return;
    }
    onSave({ ...values, name: values.name.trim(), referenceURL: values.referenceURL.trim() });
  }

  const description = editing
    ? 'An update may add fields, but not remove, rename or change the type of a field: the log type\u2019s table keeps them.'
    : 'The schema key must be the name. Each field has a name and a type: string, int, smallint, bigint, float, boolean, timestamp (with timeFormat), array (with element), object (with fields), json or ref.';

  return (
    <form onSubmit={submit} noValidate aria-label="Custom log type">
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label="Name"
            description="Custom. and words starting with capitals, such as Custom.MyApp."
            value={values.name}
            onChange={(e) => set({ name: e.currentTarget.value.trim() })}
            error={shown ? errors.name : undefined}
            disabled={editing}
            required
          />
          <TextInput
            label="Reference URL"
            description="Optional: where the log format is documented."
            value={values.referenceURL}
            onChange={(e) => set({ referenceURL: e.currentTarget.value })}
            error={shown ? errors.referenceURL : undefined}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          description="Optional: what these logs are."
          // Not autosize: it needs document.fonts, which jsdom (the component tests) lacks.
          rows={3}
          value={values.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
        <SchemaEditor
          value={values.logSpec}
          onChange={(logSpec) => set({ logSpec })}
          description={description}
          error={shown && errors.schema.length > 0 ? `The schema has ${errors.schema.length === 1 ? 'a problem' : `${errors.schema.length} problems`}: see below.` : undefined}
        />
        {shown && errors.schema.length > 0 && (
          <Alert color="red" title="Fix the schema" role="alert">
            <List size="sm" aria-label="Schema problems">
              {errors.schema.map((p, i) => (
                <List.Item key={i}>{describeProblem(p)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {checked && errors.schema.length === 0 && (
          <Alert color="green" title="The schema is valid" role="status">
            The API compiles it again when you save.
          </Alert>
        )}
        {error && <ApiErrors error={error} editing={editing} />}
        <Group justify="flex-end">
          <Button component={Link} to={urls.customLogs()} variant="default">
            Cancel
          </Button>
          <Button variant="light" onClick={() => setChecked(true)}>
            Check schema
          </Button>
          <Button type="submit" loading={saving}>
            {editing ? 'Save changes' : 'Create log type'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
