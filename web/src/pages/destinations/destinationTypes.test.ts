import { describe, expect, it } from 'vitest';
import { destinationTypeValues } from '../../graphql/schema';
import { buildConfig, destinationSpecs, initialValues, readableConfigSelection, validateConfig } from './destinationTypes';
import { newFormState, storedFormState, toInput, validateForm, withType } from './form';

describe('buildConfig', () => {
  it('sends a Slack webhook as the one slack field', () => {
    expect(buildConfig('slack', { webhookURL: '  https://hooks.slack.com/services/T/B/x  ' })).toEqual({
      slack: { webhookURL: 'https://hooks.slack.com/services/T/B/x' },
    });
  });

  it('sends a custom webhook under customwebhook', () => {
    expect(buildConfig('customwebhook', { webhookURL: 'http://127.0.0.1:9000/hook' })).toEqual({
      customwebhook: { webhookURL: 'http://127.0.0.1:9000/hook' },
    });
  });

  it('sends a PagerDuty integration key', () => {
    expect(buildConfig('pagerduty', { integrationKey: '0123456789abcdef0123456789ABCDEF' })).toEqual({
      pagerduty: { integrationKey: '0123456789abcdef0123456789ABCDEF' },
    });
  });

  it('sends every Jira field, leaving out the empty optional ones', () => {
    const values = {
      ...initialValues('jira'),
      orgDomain: 'https://acme.atlassian.net',
      projectKey: 'SEC',
      userName: 'bot@acme.com',
      apiKey: 'secret',
    };
    expect(buildConfig('jira', values)).toEqual({
      jira: { orgDomain: 'https://acme.atlassian.net', projectKey: 'SEC', userName: 'bot@acme.com', apiKey: 'secret', issueType: 'Task' },
    });
    expect(buildConfig('jira', { ...values, assigneeId: 'abc', labels: ['panther', ' '] }).jira).toMatchObject({
      assigneeId: 'abc',
      labels: ['panther'],
    });
  });

  it('keeps a blank secret blank, which an update reads as "unchanged"', () => {
    expect(buildConfig('github', { repoName: 'acme/alerts', token: '' })).toEqual({ github: { repoName: 'acme/alerts', token: '' } });
  });

  it('gives every type a config with every required field of its input', () => {
    for (const type of destinationTypeValues) {
      const config = buildConfig(type, initialValues(type));
      expect(Object.keys(config)).toEqual([type]);
      const required = destinationSpecs[type].fields.filter((f) => f.required).map((f) => f.key);
      expect(Object.keys(config[type]!)).toEqual(expect.arrayContaining(required));
    }
  });
});

describe('validateConfig', () => {
  it('names the field and the fix', () => {
    expect(validateConfig('slack', { webhookURL: '' }, false)).toEqual({ webhookURL: 'Webhook URL is required' });
    expect(validateConfig('slack', { webhookURL: 'http://hooks.slack.com/x' }, false).webhookURL).toMatch(
      /^Webhook URL must be an https URL \(plain http only to localhost or 127\.0\.0\.1\)/,
    );
    expect(validateConfig('pagerduty', { integrationKey: 'short' }, false).integrationKey).toMatch(
      /^Integration key must be 32 hexadecimal characters/,
    );
    expect(validateConfig('sns', { topicArn: 'my-topic' }, false).topicArn).toMatch(/^Topic ARN must be an SNS topic ARN/);
    expect(validateConfig('sqs', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/queue' }, false).queueUrl).toMatch(
      /^Queue URL must be a queue URL/,
    );
    expect(validateConfig('github', { repoName: 'alerts', token: 't' }, false).repoName).toMatch(/owner\/repository/);
    expect(validateConfig('asana', { personalAccessToken: 't', projectGids: ['12', 'abc'] }, false).projectGids).toMatch(
      /"abc" is not a project gid/,
    );
    expect(validateConfig('asana', { personalAccessToken: 't', projectGids: [] }, false).projectGids).toMatch(/at least one/);
    expect(validateConfig('jira', { ...initialValues('jira'), labels: ['two words'] }, false).labels).toMatch(/has a space/);
  });

  it('allows plain http only to a loopback host, as the outputs API does', () => {
    for (const ok of ['https://example.com/hook', 'http://localhost:8080/x', 'http://127.0.0.1/x', 'http://[::1]:9/x']) {
      expect(validateConfig('customwebhook', { webhookURL: ok }, false), ok).toEqual({});
    }
    for (const bad of ['http://example.com/hook', 'ftp://example.com', 'https://user:pw@example.com/', 'example.com']) {
      expect(validateConfig('customwebhook', { webhookURL: bad }, false).webhookURL, bad).toBeTruthy();
    }
  });

  it('accepts valid values of every kind', () => {
    expect(validateConfig('pagerduty', { integrationKey: 'a'.repeat(32) }, false)).toEqual({});
    expect(validateConfig('sns', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts.fifo' }, false)).toEqual({});
    expect(validateConfig('sqs', { queueUrl: 'https://sqs.us-west-2.amazonaws.com/123456789012/alerts' }, false)).toEqual({});
    expect(validateConfig('opsgenie', { apiKey: 'k', serviceRegion: 'EU' }, false)).toEqual({});
  });

  it('lets an edit leave a secret blank, but checks a new one', () => {
    expect(validateConfig('pagerduty', { integrationKey: '' }, true)).toEqual({});
    expect(validateConfig('pagerduty', { integrationKey: 'nope' }, true).integrationKey).toBeTruthy();
    expect(validateConfig('github', { repoName: '', token: '' }, true)).toEqual({ repoName: 'Repository name is required' });
  });
});

describe('the form state', () => {
  it('asks for a type first, then a name, a severity and an alert type', () => {
    expect(validateForm(newFormState(), false)).toEqual({ type: expect.stringMatching(/^Destination type: choose/) });
    const state = { ...withType(newFormState(), 'slack'), alertTypes: [] };
    expect(Object.keys(validateForm(state, false)).sort()).toEqual(['alertTypes', 'config.webhookURL', 'displayName', 'severities']);
    expect(validateForm(state, false).severities).toMatch(/^Severities: choose at least one/);
  });

  it('becomes the shared input of add and update', () => {
    const state = { ...withType(newFormState(), 'slack'), displayName: ' Alerts ', severities: ['HIGH' as const], config: { webhookURL: 'https://h.example/x' } };
    expect(validateForm(state, false)).toEqual({});
    expect(toInput(state)).toEqual({
      displayName: 'Alerts',
      outputConfig: { slack: { webhookURL: 'https://h.example/x' } },
      defaultForSeverity: ['HIGH'],
      alertTypes: ['RULE', 'RULE_ERROR', 'POLICY'],
    });
  });

  it('starts an edit from the stored non-secret fields, secrets blank', () => {
    const state = storedFormState({
      outputId: 'o1',
      displayName: 'Repo',
      outputType: 'github',
      defaultForSeverity: ['LOW'],
      alertTypes: [],
      outputConfig: { github: { repoName: 'acme/alerts', token: 'should not show' } },
    });
    expect(state.config).toEqual({ repoName: 'acme/alerts', token: '' });
    expect(state.alertTypes).toEqual(['RULE', 'RULE_ERROR', 'POLICY']);
  });
});

it('reads back only non-secret config fields', () => {
  const selection = readableConfigSelection();
  expect(selection).toContain('github { repoName }');
  expect(selection).toContain('jira { orgDomain projectKey userName issueType assigneeId labels }');
  expect(selection).not.toMatch(/webhookURL|integrationKey|token|apiKey|personalAccessToken/);
  expect(selection).not.toContain('slack');
});
