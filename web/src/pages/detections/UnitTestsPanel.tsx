// The rule's unit tests: one tab per named test (so each of its inputs has one plain label on
// the page), buttons to add, delete and run them, and the last run's results.
import { Alert, Button, Group, Stack, Switch, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TestResult } from '../../graphql/schema';
import { EmptyState } from '../../components/states';
import { CodeEditor } from './CodeEditor';
import { newTest, type TestDraft } from './ruleValues';
import { TestResults } from './TestResults';

export function UnitTestsPanel({
  tests,
  errors,
  onChange,
  onRun,
  running,
  results,
}: {
  tests: TestDraft[];
  /** By test key. */
  errors: Record<string, string>;
  onChange: (tests: TestDraft[]) => void;
  onRun: () => void;
  running: boolean;
  results: TestResult[] | null;
}) {
  const [active, setActive] = useState<string | null>(tests[0]?.key ?? null);
  const current = tests.find((t) => t.key === active) ?? tests[0];
  const update = (patch: Partial<TestDraft>) => onChange(tests.map((t) => (t.key === current.key ? { ...t, ...patch } : t)));

  const add = () => {
    const test = newTest(tests);
    onChange([...tests, test]);
    setActive(test.key);
  };
  const remove = () => {
    const i = tests.findIndex((t) => t.key === current.key);
    const rest = tests.filter((t) => t.key !== current.key);
    onChange(rest);
    setActive(rest[Math.min(i, rest.length - 1)]?.key ?? null);
  };

  const addButton = (
    <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add}>
      Add test
    </Button>
  );

  return (
    <Stack component="section" aria-labelledby="unit-tests-title">
      <Title order={2} size="h3" id="unit-tests-title">
        Unit tests
      </Title>
      {tests.length === 0 ? (
        <EmptyState title="No tests yet" action={addButton}>
          Add a test with an example event and whether the rule should match it, then run the tests before you save.
        </EmptyState>
      ) : (
        <>
          <Group>
            {addButton}
            <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={remove}>
              Delete test
            </Button>
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={onRun} loading={running}>
              Run tests
            </Button>
          </Group>
          <Tabs value={current.key} onChange={setActive} keepMounted={false}>
            <Tabs.List aria-label="Tests">
              {tests.map((t, i) => (
                <Tabs.Tab
                  key={t.key}
                  value={t.key}
                  color={errors[t.key] ? 'red' : undefined}
                  rightSection={errors[t.key] ? <IconAlertCircle size={14} color="var(--mantine-color-red-6)" aria-label="has errors" /> : undefined}
                >
                  {t.name.trim() || `Test ${i + 1}`}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value={current.key} pt="md">
              <Stack>
                {errors[current.key] && (
                  <Alert color="red" icon={<IconAlertCircle />} role="alert">
                    <Text size="sm">{errors[current.key]}</Text>
                  </Alert>
                )}
                <Group align="flex-end" grow>
                  <TextInput label="Test name" value={current.name} onChange={(e) => update({ name: e.currentTarget.value })} required withAsterisk={false} />
                  <Switch
                    label="Expected to match"
                    // The wrapping <label> would add the description to the name; keep it plain.
                    aria-label="Expected to match"
                    description="On: the rule should return True for this event."
                    checked={current.expectedResult}
                    onChange={(e) => update({ expectedResult: e.currentTarget.checked })}
                  />
                </Group>
                <CodeEditor key={current.key} label="Test event" language="json" value={current.resource} onChange={(resource) => update({ resource })} />
                <Textarea
                  label="Mocks (JSON)"
                  description='Optional: names in the rule module to the value their mock returns, for example {"lookup_user": "admin"}.'
                  value={current.mocks}
                  onChange={(e) => update({ mocks: e.currentTarget.value })}
                  autosize
                  minRows={1}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      {results && <TestResults results={results} />}
    </Stack>
  );
}
