// The user form in a dialog: inviting a new user, or editing one's name and email.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../components/states';
import { validateUser, type UserFormValues } from './users';

interface Props {
  title: string;
  submitLabel: string;
  /** What the user sees before the fields: what submitting will do. */
  intro: string;
  initial: UserFormValues;
  saving: boolean;
  saveError: unknown;
  onSubmit: (values: UserFormValues) => void;
  onClose: () => void;
}

// Rendered only while open, so that each opening starts from its initial values.
export function UserModal({ title, submitLabel, intro, initial, saving, saveError, onSubmit, onClose }: Props) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ReturnType<typeof validateUser>>({});

  function set(key: keyof UserFormValues, value: string) {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateUser(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    onSubmit(values);
  }

  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
          <TextInput label="Given name" withAsterisk value={values.givenName} error={errors.givenName} onChange={(e) => set('givenName', e.currentTarget.value)} data-autofocus autoComplete="off" />
          <TextInput label="Family name" withAsterisk value={values.familyName} error={errors.familyName} onChange={(e) => set('familyName', e.currentTarget.value)} autoComplete="off" />
          <TextInput label="Email" type="email" withAsterisk value={values.email} error={errors.email} onChange={(e) => set('email', e.currentTarget.value)} autoComplete="off" />
          {saveError != null && <ErrorState title={`${submitLabel} failed`} error={saveError} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
