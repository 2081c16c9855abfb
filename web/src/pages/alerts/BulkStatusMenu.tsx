// "Change status" for the selected alerts: one updateAlertStatus call for all of them.
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown } from '@tabler/icons-react';
import { alertStatusValues, type AlertStatus } from '../../graphql/schema';
import { useApiMutation } from '../../graphql/api';
import { errorMessage } from '../../components/format';
import { statusLabels } from './labels';
import { updateAlertStatus } from './queries';

export function BulkStatusMenu({ alertIds, onDone }: { alertIds: string[]; onDone: () => void }) {
  const mutation = useApiMutation(updateAlertStatus, [['alerts'], ['alert']], {
    onSuccess: (data, { input }) => {
      const n = data.updateAlertStatus.length;
      notifications.show({
        color: 'green',
        title: 'Status changed',
        message: `${n} ${n === 1 ? 'alert is' : 'alerts are'} now ${statusLabels[input.status]}.`,
      });
      onDone();
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'The status was not changed', message: errorMessage(error) });
    },
  });
  const none = alertIds.length === 0;
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          rightSection={<IconChevronDown size={14} />}
          disabled={none}
          loading={mutation.isPending}
          title={none ? 'Select alerts first' : undefined}
        >
          Change status
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Set {alertIds.length} selected {alertIds.length === 1 ? 'alert' : 'alerts'} to
        </Menu.Label>
        {alertStatusValues.map((status: AlertStatus) => (
          <Menu.Item key={status} onClick={() => mutation.mutate({ input: { alertIds, status } })}>
            {statusLabels[status]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
