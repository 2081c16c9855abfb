// Field checks that mirror lambdas/outputs/validate.go, so the form refuses what the API would
// refuse, but says it with the field's label and the fix. Each returns null when the value is
// fine, or the message to show under the field.

/** A check of one (trimmed, non-empty) value, given the field's label. */
export type Check = (value: string, label: string) => string | null;

// The loopback hosts the API lets plain http reach (Go's net.IP.IsLoopback: 127.0.0.0/8 and
// ::1, plus the name localhost): local receivers and emulators, nothing off the machine.
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The URL, when it is https (or http to a loopback host) with a host and no user info. */
export function allowedUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!url.host || url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  return url.protocol === 'http:' && isLoopback(url.hostname) ? url : null;
}

const httpsHint = 'must be an https URL (plain http only to localhost or 127.0.0.1)';

/** A webhook or site URL; `example` shows the form expected. */
export function httpsUrl(example: string): Check {
  return (value, label) => (allowedUrl(value) ? null : `${label} ${httpsHint}, such as ${example}`);
}

export const pagerDutyKey: Check = (value, label) =>
  /^[0-9A-Fa-f]{32}$/.test(value)
    ? null
    : `${label} must be 32 hexadecimal characters (0-9, a-f): copy the integration key of the service's Events API v2 integration`;

export const gitHubRepo: Check = (value, label) =>
  /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value) ? null : `${label} must be owner/repository, such as my-org/security-alerts`;

export const snsTopicArn: Check = (value, label) =>
  /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(value)
    ? null
    : `${label} must be an SNS topic ARN, such as arn:aws:sns:us-east-1:123456789012:panther-alerts`;

export const sqsQueueUrl: Check = (value, label) => {
  const url = allowedUrl(value);
  return url && /^\/\d{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(url.pathname)
    ? null
    : `${label} must be a queue URL, such as https://sqs.us-east-1.amazonaws.com/123456789012/panther-alerts`;
};

export const asanaGid: Check = (value, label) =>
  /^\d+$/.test(value) ? null : `${label}: "${value}" is not a project gid; a gid is digits only, as in the project's URL`;

export const jiraLabel: Check = (value, label) =>
  /\s/.test(value) ? `${label}: "${value}" has a space; a Jira label is one word` : null;

export const maxDisplayName = 100;

export function checkDisplayName(value: string): string | null {
  const name = value.trim();
  if (!name) return 'Display name is required: give the destination a name, such as #security-alerts';
  if ([...name].length > maxDisplayName) return `Display name must be at most ${maxDisplayName} characters`;
  return null;
}
