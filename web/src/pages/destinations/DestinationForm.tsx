// The destination form: the type (new destinations only), the name, which alerts it receives,
// and its type's config. It validates on submit and hands a valid input to the page.
import { Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/states';
import type { AlertType, Severity } from '../../graphql/schema';
import { urls } from '../../urls';
import { ConfigFields } from './ConfigFields';
import { typeLabel } from './destinationTypes';
import { toInput, validateForm, withType, type DestinationFormState, type DestinationInput, type FormErrors } from './form';
import { alertTypeOptions, severityOptions } from './parts';
import { TypePicker } from './TypePicker';

interface Props {
  initial: DestinationFormState;
  editing: boolean;
  saving: boolean;
  saveError: unknown;
  onSubmit: (input: DestinationInput) => void;
}

export function DestinationForm({ initial, editing, saving, saveError, onSubmit }: Props) {
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // After a refused submit, move the focus to the first field at fault, so keyboard and
  // screen-reader users land on the message.
  useEffect(() => {
    const form = formRef.current;
    if (attempt === 0 || !form) return;
    const target = errors.type
      ? form.querySelector<HTMLElement>('[role="radio"]')
      : (form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-invalid-group] input'));
    target?.focus();
    // Only a new attempt moves the focus, not each message cleared while typing.
  }, [attempt]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateForm(state, editing);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    onSubmit(toInput(state));
  }

  // Editing a field clears its message; the others stay until the next submit.
  function clear(...keys: string[]) {
    setErrors((prev) => {
      const next = { ...prev };
      for (const key of keys) delete next[key];
      return next;
    });
  }

  const type = state.type;
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={editing ? 'Destination settings' : 'New destination'}>
      <Stack gap="lg">
        {editing && type ? (
          <Group gap="xs">
            <Text size="sm">Destination type</Text>
            <Badge variant="light">{typeLabel(type)}</Badge>
          </Group>
        ) : (
          <TypePicker
            value={type}
            error={errors.type}
            onChange={(t) => {
              setState((s) => withType(s, t));
              setErrors({});
            }}
          />
        )}
        {type && (
          <Paper withBorder p="md" radius="md">
            <Stack>
              <Title order={2} size="h4">
                {typeLabel(type)} settings
              </Title>
              <TextInput
                label="Display name"
                description="How the destination is named in Panther, and how a rule's Python can choose it."
                withAsterisk
                value={state.displayName}
                error={errors.displayName}
                onChange={(e) => {
                  const displayName = e.currentTarget.value;
                  setState((s) => ({ ...s, displayName }));
                  clear('displayName');
                }}
              />
              <ConfigFields
                type={type}
                values={state.config}
                errors={errors}
                editing={editing}
                onChange={(key, value) => {
                  setState((s) => ({ ...s, config: { ...s.config, [key]: value } }));
                  clear(`config.${key}`);
                }}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Checkbox.Group
                  label="Severities"
                  description="The destination receives alerts of these severities, unless their rule names its own destinations."
                  withAsterisk
                  value={state.severities}
                  error={errors.severities}
                  onChange={(v) => {
                    setState((s) => ({ ...s, severities: v as Severity[] }));
                    clear('severities');
                  }}
                >
                  <Stack gap="xs" mt="xs" data-invalid-group={errors.severities ? '' : undefined}>
                    {severityOptions.map((o) => (
                      <Checkbox key={o.value} value={o.value} label={o.label} />
                    ))}
                  </Stack>
                </Checkbox.Group>
                <Checkbox.Group
                  label="Alert types"
                  description="The kinds of alert the destination receives."
                  withAsterisk
                  value={state.alertTypes}
                  error={errors.alertTypes}
                  onChange={(v) => {
                    setState((s) => ({ ...s, alertTypes: v as AlertType[] }));
                    clear('alertTypes');
                  }}
                >
                  <Stack gap="xs" mt="xs" data-invalid-group={errors.alertTypes ? '' : undefined}>
                    {alertTypeOptions.map((o) => (
                      <Checkbox key={o.value} value={o.value} label={o.label} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              </SimpleGrid>
            </Stack>
          </Paper>
        )}
        {saveError != null && <ErrorState title="The destination was not saved" error={saveError} />}
        <Group>
          <Button type="submit" loading={saving}>
            {editing ? 'Save changes' : 'Add destination'}
          </Button>
          <Button component={Link} to={urls.destinations()} variant="default">
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
