// The alert's status: pick one and apply it (updateAlertStatus with this one alert).
import { Button, Group, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../../components/format';
import { useApiMutation } from '../../graphql/api';
import { alertStatusValues, type AlertStatus } from '../../graphql/schema';
import { comboboxProps, options, statusLabels } from './labels';
import { updateAlertStatus } from './queries';

const statusOptions = options(statusLabels, alertStatusValues);

export function AlertStatusControl({ alertId, status }: { alertId: string; status: AlertStatus }) {
  const [choice, setChoice] = useState<AlertStatus>(status);
  // Follow the saved status when it changes underneath (after a save, or another user's).
  const [saved, setSaved] = useState(status);
  if (status !== saved) {
    setSaved(status);
    setChoice(status);
  }
  const mutation = useApiMutation(updateAlertStatus, [['alert'], ['alerts']], {
    onSuccess: (_, { input }) =>
      notifications.show({ color: 'green', title: 'Status changed', message: `The alert is now ${statusLabels[input.status]}.` }),
    onError: (error) => notifications.show({ color: 'red', title: 'The status was not changed', message: errorMessage(error) }),
  });
  return (
    <Group align="flex-end" gap="xs">
      <Select
        comboboxProps={comboboxProps}
        label="Status"
        data={statusOptions}
        value={choice}
        onChange={(v) => v && setChoice(v as AlertStatus)}
        allowDeselect={false}
        w={160}
      />
      <Button
        onClick={() => mutation.mutate({ input: { alertIds: [alertId], status: choice } })}
        disabled={choice === status}
        loading={mutation.isPending}
      >
        Update status
      </Button>
    </Group>
  );
}
