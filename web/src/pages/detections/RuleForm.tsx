// The rule editor's form: metadata, the Python body, the unit tests; "Run tests" sends the
// unsaved body and tests to testRule, "Save" sends all of it, tests included, as RuleInput.
import { Alert, Button, Group, List, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../components/format';
import { ErrorState, PageHeader } from '../../components/states';
import { useApiMutation, useApiQuery } from '../../graphql/api';
import type { TestResult } from '../../graphql/schema';
import { urls } from '../../urls';
import { CodeEditor } from './CodeEditor';
import { addRuleMutation, destinationsQuery, keys, logTypesQuery, testRuleMutation, updateRuleMutation, type EditableRule } from './queries';
import { RuleMetadataFields } from './RuleMetadataFields';
import { testsToInput, toRuleInput, validateForSave, validateForTest, type FormErrors, type RuleFormValues } from './ruleValues';
import { UnitTestsPanel } from './UnitTestsPanel';

const noErrors: FormErrors = { fields: {}, tests: {}, all: [] };

export function RuleForm({ initial, title, editing }: { initial: RuleFormValues; title: string; editing: boolean }) {
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const [heading, setHeading] = useState(title);
  // Which check failed last, if any: errors then follow the form as it is fixed.
  const [checking, setChecking] = useState<null | 'test' | 'save'>(null);
  const [results, setResults] = useState<TestResult[] | null>(null);

  const logTypes = useApiQuery(keys.logTypes, logTypesQuery);
  const destinations = useApiQuery(keys.destinations, destinationsQuery);

  const errors = checking === 'save' ? validateForSave(values) : checking === 'test' ? validateForTest(values) : noErrors;
  const change = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const test = useApiMutation(testRuleMutation, [], {
    onSuccess: (data) => setResults(data.testRule.results),
    onError: (error) => notifications.show({ color: 'red', title: 'The tests did not run', message: errorMessage(error) }),
  });

  const onSaved = (rule: EditableRule) => {
    notifications.show({ color: 'green', title: 'Rule saved', message: `Saved rule ${rule.displayName || rule.id}.` });
    setHeading(rule.displayName || rule.id);
    if (!editing) navigate(urls.rule(rule.id));
  };
  const onSaveError = (error: Error) => notifications.show({ color: 'red', title: 'The rule was not saved', message: errorMessage(error) });
  const invalidates = [['detections'], ['rule']];
  const add = useApiMutation(addRuleMutation, invalidates, { onSuccess: (d) => onSaved(d.addRule), onError: onSaveError });
  const update = useApiMutation(updateRuleMutation, invalidates, { onSuccess: (d) => onSaved(d.updateRule), onError: onSaveError });
  const save = editing ? update : add;

  const runTests = () => {
    if (validateForTest(values).all.length) {
      setChecking((c) => c ?? 'test');
      return;
    }
    test.mutate({ input: { body: values.body, logTypes: values.logTypes, tests: testsToInput(values.tests) } });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setChecking('save');
    if (validateForSave(values).all.length) return;
    save.mutate({ input: toRuleInput(values) });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={heading}>
      <PageHeader title={heading} description={editing ? `Rule ${values.id}` : 'Write a Python rule, test it on example events, and save it.'} />
      <Stack gap="lg">
        {logTypes.isError && <ErrorState title="The log types could not be loaded" error={logTypes.error} onRetry={() => void logTypes.refetch()} />}
        {destinations.isError && (
          <ErrorState title="The destinations could not be loaded" error={destinations.error} onRetry={() => void destinations.refetch()} />
        )}
        <Paper withBorder p="md" component="section" aria-labelledby="rule-details-title">
          <Title order={2} size="h3" id="rule-details-title" mb="sm">
            Details
          </Title>
          <RuleMetadataFields
            values={values}
            errors={errors.fields}
            onChange={change}
            editing={editing}
            logTypes={logTypes.data?.listAvailableLogTypes.logTypes ?? []}
            destinations={destinations.data?.destinations ?? []}
          />
        </Paper>
        <CodeEditor
          label="Rule body"
          language="python"
          value={values.body}
          onChange={(body) => change({ body })}
          error={errors.fields.body}
          description="Python: def rule(event) decides; title, dedup, alert_context and the others are optional. Press Escape, then Tab, to leave the editor."
          minHeight="280px"
        />
        <Paper withBorder p="md">
          <UnitTestsPanel
            tests={values.tests}
            errors={errors.tests}
            onChange={(tests) => change({ tests })}
            onRun={runTests}
            running={test.isPending}
            results={results}
          />
        </Paper>
        {errors.all.length > 0 && (
          <Alert color="red" role="alert" title={checking === 'save' ? 'Fix these before saving' : 'Fix these before running the tests'}>
            <List size="sm">
              {errors.all.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} disabled={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
