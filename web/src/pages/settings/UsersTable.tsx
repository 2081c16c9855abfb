// The users as a table; each row's actions are named after the user, so that they are unique
// on the page.
import { Badge, Button, Group, ScrollArea, Table } from '@mantine/core';
import { IconKey, IconPencil, IconTrash } from '@tabler/icons-react';
import { formatDateTime } from '../../components/format';
import { fullName, statusLabel, type UserRow } from './users';

interface Props {
  users: UserRow[];
  onEdit: (u: UserRow) => void;
  onReset: (u: UserRow) => void;
  onDelete: (u: UserRow) => void;
}

export function UsersTable({ users, onEdit, onReset, onDelete }: Props) {
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover miw={760} verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => {
            const name = fullName(u);
            const status = statusLabel(u.status);
            return (
              <Table.Tr key={u.id}>
                <Table.Td>{name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={status.color} title={u.status}>
                    {status.label}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDateTime(u.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(u)} aria-label={`Edit ${name}`}>
                      Edit
                    </Button>
                    <Button size="xs" variant="default" leftSection={<IconKey size={14} />} onClick={() => onReset(u)} aria-label={`Reset password of ${name}`}>
                      Reset password
                    </Button>
                    <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => onDelete(u)} aria-label={`Delete ${name}`}>
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
