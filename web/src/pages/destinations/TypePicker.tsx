// The choice of a new destination's type: one card per type of the table, in a radio group
// (arrow keys move between the cards). A card's name is its type's name alone, its
// description is read as its description.
import { Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { destinationTypeValues, type DestinationType } from '../../graphql/schema';
import { destinationSpecs } from './destinationTypes';

export function TypePicker({
  value,
  onChange,
  error,
}: {
  value: DestinationType | null;
  onChange: (type: DestinationType) => void;
  error?: string;
}) {
  return (
    <Radio.Group
      label="Destination type"
      description="Where alerts go. The type cannot change once the destination is saved."
      value={value}
      onChange={(v) => onChange(v as DestinationType)}
      error={error}
      withAsterisk
    >
      <SimpleGrid cols={{ base: 2, md: 3, lg: 5 }} mt="xs">
        {destinationTypeValues.map((type) => {
          const spec = destinationSpecs[type];
          return (
            <Radio.Card
              key={type}
              value={type}
              p="sm"
              radius="md"
              aria-label={spec.label}
              aria-describedby={`destination-type-${type}`}
            >
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator />
                <Stack gap={2}>
                  <Text fw={600} size="sm">
                    {spec.label}
                  </Text>
                  <Text size="xs" c="dimmed" id={`destination-type-${type}`}>
                    {spec.description}
                  </Text>
                </Stack>
              </Group>
            </Radio.Card>
          );
        })}
      </SimpleGrid>
    </Radio.Group>
  );
}
