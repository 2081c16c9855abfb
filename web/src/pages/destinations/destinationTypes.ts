// The ten destination types, as data: each type's name and the fields of its config input
// (api/graphql/schema.graphql DestinationConfigInput). The form, its validation, the config it
// sends and the query that reads a stored destination back are all derived from this table,
// so adding a type is adding one entry.
import type { DestinationConfigInput, DestinationType } from '../../graphql/schema';
import {
  asanaGid,
  gitHubRepo,
  httpsUrl,
  jiraLabel,
  pagerDutyKey,
  snsTopicArn,
  sqsQueueUrl,
  type Check,
} from './validation';

type ConfigInputOf<T extends DestinationType> = NonNullable<DestinationConfigInput[T]>;

export interface FieldSpec<K extends string = string> {
  /** The field of the type's config input. */
  key: K;
  label: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  /**
   * A secret: typed in a password input, never read back (the API redacts it), and when
   * editing, left blank to keep the stored one (lambdas/outputs keepStoredSecrets).
   */
  secret?: boolean;
  /** text (the default), a list of values (each checked alone) or a choice of options. */
  kind?: 'text' | 'list' | 'select';
  options?: { value: string; label: string }[];
  /** A default for a new destination. */
  initial?: string;
  check?: Check;
}

export interface DestinationSpec<T extends DestinationType = DestinationType> {
  label: string;
  description: string;
  fields: FieldSpec<Extract<keyof ConfigInputOf<T>, string>>[];
}

const webhookURL = (example: string, where: string) =>
  ({
    key: 'webhookURL',
    label: 'Webhook URL',
    description: where,
    placeholder: example,
    required: true,
    secret: true,
    check: httpsUrl(example),
  }) as const;

export const destinationSpecs: { [T in DestinationType]: DestinationSpec<T> } = {
  slack: {
    label: 'Slack',
    description: 'Posts each alert to a channel through an incoming webhook.',
    fields: [webhookURL('https://hooks.slack.com/services/…', "The channel's incoming webhook, from the Slack app's settings.")],
  },
  pagerduty: {
    label: 'PagerDuty',
    description: 'Triggers an incident on a PagerDuty service.',
    fields: [
      {
        key: 'integrationKey',
        label: 'Integration key',
        description: "The key of the service's Events API v2 integration: 32 hexadecimal characters.",
        required: true,
        secret: true,
        check: pagerDutyKey,
      },
    ],
  },
  github: {
    label: 'GitHub',
    description: 'Opens an issue in a repository.',
    fields: [
      { key: 'repoName', label: 'Repository name', placeholder: 'my-org/security-alerts', required: true, check: gitHubRepo },
      {
        key: 'token',
        label: 'Access token',
        description: 'A personal access token that may create issues in the repository.',
        required: true,
        secret: true,
      },
    ],
  },
  jira: {
    label: 'Jira',
    description: 'Creates an issue in a Jira Cloud project.',
    fields: [
      {
        key: 'orgDomain',
        label: 'Organization domain',
        description: "Your Jira site's address.",
        placeholder: 'https://your-company.atlassian.net',
        required: true,
        check: httpsUrl('https://your-company.atlassian.net'),
      },
      { key: 'projectKey', label: 'Project key', placeholder: 'SEC', required: true },
      { key: 'userName', label: 'User email', description: 'The Jira user that creates the issues.', required: true },
      {
        key: 'apiKey',
        label: 'API token',
        description: "An API token of that user, from the Atlassian account's security settings.",
        required: true,
        secret: true,
      },
      { key: 'issueType', label: 'Issue type', placeholder: 'Task', initial: 'Task', required: true },
      { key: 'assigneeId', label: 'Assignee account ID', description: 'Optional: the Jira account the issues are assigned to.', required: false },
      {
        key: 'labels',
        label: 'Issue labels',
        description: 'Optional: labels added to every issue; press Enter after each.',
        required: false,
        kind: 'list',
        check: jiraLabel,
      },
    ],
  },
  opsgenie: {
    label: 'Opsgenie',
    description: 'Creates an Opsgenie alert.',
    fields: [
      {
        key: 'apiKey',
        label: 'API key',
        description: 'The key of an Opsgenie API integration.',
        required: true,
        secret: true,
      },
      {
        key: 'serviceRegion',
        label: 'Service region',
        description: 'Where your Opsgenie account is hosted.',
        required: true,
        kind: 'select',
        options: [
          { value: 'US', label: 'US (api.opsgenie.com)' },
          { value: 'EU', label: 'EU (api.eu.opsgenie.com)' },
        ],
        initial: 'US',
      },
    ],
  },
  msteams: {
    label: 'Microsoft Teams',
    description: 'Posts each alert to a channel through an incoming webhook.',
    fields: [webhookURL('https://your-company.webhook.office.com/…', "The channel's incoming webhook, from the channel's connectors or workflows.")],
  },
  sqs: {
    label: 'Amazon SQS',
    description: 'Sends each alert as a JSON message to a queue.',
    fields: [
      {
        key: 'queueUrl',
        label: 'Queue URL',
        description: "Panther's alert delivery function must be allowed to send to the queue.",
        placeholder: 'https://sqs.us-east-1.amazonaws.com/123456789012/panther-alerts',
        required: true,
        check: sqsQueueUrl,
      },
    ],
  },
  sns: {
    label: 'Amazon SNS',
    description: 'Publishes each alert to a topic.',
    fields: [
      {
        key: 'topicArn',
        label: 'Topic ARN',
        description: "Panther's alert delivery function must be allowed to publish to the topic.",
        placeholder: 'arn:aws:sns:us-east-1:123456789012:panther-alerts',
        required: true,
        check: snsTopicArn,
      },
    ],
  },
  asana: {
    label: 'Asana',
    description: 'Creates a task in one or more Asana projects.',
    fields: [
      {
        key: 'personalAccessToken',
        label: 'Personal access token',
        description: 'From the Asana developer console.',
        required: true,
        secret: true,
      },
      {
        key: 'projectGids',
        label: 'Project gids',
        description: "The projects' IDs (digits, as in the project's URL); press Enter after each.",
        required: true,
        kind: 'list',
        check: asanaGid,
      },
    ],
  },
  customwebhook: {
    label: 'Custom webhook',
    description: 'POSTs each alert as JSON to a URL of yours.',
    fields: [webhookURL('https://alerts.example.com/panther', 'The URL Panther POSTs each alert to.')],
  },
};

/** The form's values of a type's config fields: strings, and string lists for list fields. */
export type ConfigValues = Record<string, string | string[]>;

/** The fields of a type, without the per-type key typing (for the form). */
export function fieldsOf(type: DestinationType): FieldSpec[] {
  return destinationSpecs[type].fields;
}

export function typeLabel(type: DestinationType): string {
  return destinationSpecs[type]?.label ?? type;
}

/**
 * The form's starting values: a stored destination's non-secret fields (the API returns
 * secrets blank, so they start blank and stay blank unless the user types a new one), or the
 * defaults of a new one.
 */
export function initialValues(type: DestinationType, stored?: Record<string, unknown> | null): ConfigValues {
  const values: ConfigValues = {};
  for (const field of fieldsOf(type)) {
    const value = field.secret ? undefined : stored?.[field.key];
    if (field.kind === 'list') {
      values[field.key] = Array.isArray(value) ? value.map(String) : [];
    } else {
      values[field.key] = typeof value === 'string' && value !== '' ? value : (field.initial ?? '');
    }
  }
  return values;
}

/**
 * The per-field messages of a type's values; empty when they are valid. When editing, a blank
 * secret is fine: the API keeps the stored one.
 */
export function validateConfig(type: DestinationType, values: ConfigValues, editing: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fieldsOf(type)) {
    const raw = values[field.key];
    const items = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => v.trim()).filter((v) => v !== '');
    if (items.length === 0) {
      if (field.required && !(editing && field.secret)) {
        errors[field.key] =
          field.kind === 'list' ? `${field.label}: give at least one, pressing Enter after each` : `${field.label} is required`;
      }
      continue;
    }
    for (const item of items) {
      const message = field.check?.(item, field.label);
      if (message) {
        errors[field.key] = message;
        break;
      }
    }
  }
  return errors;
}

/**
 * The DestinationConfigInput of the values: exactly the one field of the type, values
 * trimmed, optional fields left out when empty. A blank secret is sent blank, which on update
 * means "keep the stored one".
 */
export function buildConfig(type: DestinationType, values: ConfigValues): DestinationConfigInput {
  const config: Record<string, string | string[]> = {};
  for (const field of fieldsOf(type)) {
    const raw = values[field.key];
    if (field.kind === 'list') {
      const items = (Array.isArray(raw) ? raw : []).map((v) => v.trim()).filter((v) => v !== '');
      if (items.length > 0 || field.required) config[field.key] = items;
    } else {
      const value = typeof raw === 'string' ? raw.trim() : '';
      if (value !== '' || field.required) config[field.key] = value;
    }
  }
  return { [type]: config } as DestinationConfigInput;
}

/**
 * The selection of a stored destination's readable config: every non-secret field of every
 * type (secrets are never returned, so they are not asked for).
 */
export function readableConfigSelection(): string {
  return (Object.keys(destinationSpecs) as DestinationType[])
    .map((type) => {
      const keys = fieldsOf(type)
        .filter((f) => !f.secret)
        .map((f) => f.key);
      return keys.length > 0 ? `${type} { ${keys.join(' ')} }` : '';
    })
    .filter(Boolean)
    .join(' ');
}
