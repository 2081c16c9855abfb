// The outcome of a test run: per test, passed or failed, why, and what each of the rule's
// functions returned or raised.
import { Alert, Badge, Card, Code, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import type { FunctionTestResult, TestFunctions, TestResult } from '../../graphql/schema';

// The rule module's function names, in the order the rules engine runs them.
const functionNames: [keyof TestFunctions, string][] = [
  ['rule', 'rule'],
  ['title', 'title'],
  ['dedup', 'dedup'],
  ['alertContext', 'alert_context'],
  ['severity', 'severity'],
  ['description', 'description'],
  ['reference', 'reference'],
  ['runbook', 'runbook'],
  ['destinations', 'destinations'],
];

function pretty(output: string): string {
  try {
    const parsed: unknown = JSON.parse(output);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : output;
  } catch {
    return output;
  }
}

function FunctionRow({ name, result }: { name: string; result: FunctionTestResult }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Code>{name}</Code>
      </Table.Td>
      <Table.Td>{result.output != null && <Code block>{pretty(result.output)}</Code>}</Table.Td>
      <Table.Td>
        {result.error && (
          <Text size="sm" c="red" style={{ whiteSpace: 'pre-wrap' }}>
            {result.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ResultCard({ result }: { result: TestResult }) {
  const ran = functionNames.filter(([key]) => result.functions[key]);
  return (
    <Card withBorder component="article" aria-label={`Result of ${result.name}`}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{result.name}</Title>
        <Badge color={result.passed ? 'green' : 'red'} variant="filled">
          {result.passed ? 'Passed' : 'Failed'}
        </Badge>
      </Group>
      {result.error && (
        <Alert color="red" title="Error" mb="xs">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {result.error.message}
          </Text>
        </Alert>
      )}
      {ran.length > 0 && (
        <ScrollArea type="auto">
          <Table miw={480} aria-label={`Function results of ${result.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Function</Table.Th>
                <Table.Th>Output</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ran.map(([key, name]) => (
                <FunctionRow key={key} name={name} result={result.functions[key]!} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Card>
  );
}

export function TestResults({ results }: { results: TestResult[] }) {
  const passed = results.filter((r) => r.passed).length;
  return (
    <Stack gap="sm" aria-live="polite">
      <Group justify="space-between">
        <Title order={3}>Test results</Title>
        <Text size="sm" c={passed === results.length ? 'green' : 'red'}>
          {passed} of {results.length} {results.length === 1 ? 'test' : 'tests'} passed
        </Text>
      </Group>
      {results.length === 0 && <Text c="dimmed">The run returned no results: add a test and run again.</Text>}
      {results.map((r) => (
        <ResultCard key={r.id || r.name} result={r} />
      ))}
    </Stack>
  );
}
