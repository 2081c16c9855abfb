import { Center, Container, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-body)" component="main">
      <Container size={440} w="100%" py="xl">
        <Stack>
          <Stack gap={0} align="center">
            <Title order={1}>Panther</Title>
            <Text c="dimmed">Detect threats with log data</Text>
          </Stack>
          {children}
        </Stack>
      </Container>
    </Center>
  );
}
