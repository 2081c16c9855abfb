import { describe, expect, it } from 'vitest';
import { emptyRule, newTest, toRuleInput, validateForSave, validateForTest, type RuleFormValues } from './ruleValues';

function valid(): RuleFormValues {
  const v = emptyRule();
  return { ...v, id: 'AWS.Console.Login', logTypes: ['AWS.CloudTrail'], tests: [newTest([])] };
}

describe('rule form validation', () => {
  it('accepts a complete rule', () => {
    expect(validateForSave(valid()).all).toEqual([]);
  });

  it('names the field and the fix for a missing ID, log types and rule function', () => {
    const errors = validateForSave({ ...valid(), id: '', logTypes: [], body: 'def title(event):\n    return "x"\n' });
    expect(errors.fields.id).toMatch(/^ID: enter an ID/);
    expect(errors.fields.logTypes).toMatch(/^Log types: choose at least one/);
    expect(errors.fields.body).toContain('def rule(event):');
    expect(errors.all).toHaveLength(3);
  });

  it('rejects IDs outside the analysis alphabet', () => {
    expect(validateForSave({ ...valid(), id: 'bad/id' }).fields.id).toMatch(/^ID: use only letters/);
    expect(validateForSave({ ...valid(), id: 'Good_ID (v2).x-y' }).fields.id).toBeUndefined();
  });

  it('accepts a rule function with another parameter name or annotations', () => {
    expect(validateForTest({ ...valid(), body: 'import x\n\ndef rule(e: dict) -> bool:\n    return True\n' }).fields.body).toBeUndefined();
    expect(validateForTest({ ...valid(), body: '    def rule(event):\n' }).fields.body).toBeDefined();
  });

  it('names the test whose event is not JSON', () => {
    const v = valid();
    v.tests = [{ ...v.tests[0], name: 'Root login', resource: '{"a": ' }];
    const errors = validateForTest(v);
    expect(errors.tests[v.tests[0].key]).toMatch(/^Test "Root login": the test event is not valid JSON/);
    expect(errors.all).toHaveLength(1);
  });

  it('wants test events to be objects, names unique and mocks strings', () => {
    const v = valid();
    const a = { ...v.tests[0], name: 'Same', resource: '[1]' };
    const b = { ...newTest([a]), name: 'Same', mocks: '{"x": 1}' };
    const errors = validateForTest({ ...v, tests: [a, b] });
    expect(errors.tests[a.key]).toContain('must be a JSON object');
    expect(errors.tests[b.key]).toContain('another test has this name');
    expect(errors.tests[b.key]).toContain('mocks must be a JSON object of strings');
  });

  it('checks numbers and reports only on save', () => {
    const v = { ...valid(), dedupPeriodMinutes: -1, threshold: 1.5, reports: '{"CIS": "3.1"}' };
    expect(validateForTest(v).all).toEqual([]);
    const errors = validateForSave(v);
    expect(errors.fields.dedupPeriodMinutes).toMatch(/^Deduplication period: enter a whole number/);
    expect(errors.fields.threshold).toMatch(/^Threshold: enter a whole number/);
    expect(errors.fields.reports).toMatch(/^Reports:/);
  });

  it('builds RuleInput with the tests and without empty optional text', () => {
    const v = { ...valid(), displayName: '  ', reports: '{ "CIS": ["3.1"] }' };
    const input = toRuleInput(v);
    expect(input).toMatchObject({ id: 'AWS.Console.Login', displayName: null, reports: '{"CIS":["3.1"]}', dedupPeriodMinutes: 60, threshold: 1 });
    expect(input.tests).toEqual([{ name: 'Test 1', expectedResult: true, resource: v.tests[0].resource }]);
  });
});
