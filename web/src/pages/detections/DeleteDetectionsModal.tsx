// Confirms a bulk delete, naming how many detections and which, since it cannot be undone
// from this page.
import { Button, Group, List, Modal, Text } from '@mantine/core';

const shown = 10;

export function DeleteDetectionsModal({
  ids,
  opened,
  deleting,
  onClose,
  onConfirm,
}: {
  ids: string[];
  opened: boolean;
  deleting: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const what = ids.length === 1 ? '1 detection' : `${ids.length} detections`;
  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${what}?`} centered>
      <Text size="sm" mb="sm">
        {ids.length === 1 ? 'This detection stops' : 'These detections stop'} analysing events at once and{' '}
        {ids.length === 1 ? 'leaves' : 'leave'} the list. Alerts already raised stay.
      </Text>
      <List size="sm" mb="md">
        {ids.slice(0, shown).map((id) => (
          <List.Item key={id}>{id}</List.Item>
        ))}
        {ids.length > shown && <List.Item>and {ids.length - shown} more</List.Item>}
      </List>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={deleting}>
          Cancel
        </Button>
        <Button color="red" onClick={onConfirm} loading={deleting}>
          {`Delete ${what}`}
        </Button>
      </Group>
    </Modal>
  );
}
