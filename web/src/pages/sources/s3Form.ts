// The S3 source form: its values, its validation (the rules of panther-source-api, checked
// here first so the user learns every problem at once, each naming the field and the fix),
// and the exact inputs of addS3LogIntegration and updateS3LogIntegration.
import type { AddS3LogIntegrationInput, UpdateS3LogIntegrationInput } from '../../graphql/schema';
import type { S3Source } from './sourcesApi';

export interface PrefixRow {
  /** A stable React key: rows are added and removed. */
  key: number;
  prefix: string;
  logTypes: string[];
}

export interface S3FormValues {
  label: string;
  awsAccountId: string;
  bucket: string;
  kmsKey: string;
  logProcessingRole: string;
  /** Whether the user typed the role; until then it follows the name and account. */
  roleEdited: boolean;
  managedBucketNotifications: boolean;
  prefixes: PrefixRow[];
}

/** Problems by field: label, awsAccountId, bucket, kmsKey, logProcessingRole, prefixes, prefix.<i>, logTypes.<i>. */
export type S3FormErrors = Partial<Record<string, string>>;

let nextKey = 1;
export function newPrefixRow(prefix = '', logTypes: string[] = []): PrefixRow {
  return { key: nextKey++, prefix, logTypes };
}

export function emptyS3Form(): S3FormValues {
  return {
    label: '',
    awsAccountId: '',
    bucket: '',
    kmsKey: '',
    logProcessingRole: '',
    roleEdited: false,
    managedBucketNotifications: false,
    prefixes: [newPrefixRow()],
  };
}

export function s3FormFromSource(source: S3Source): S3FormValues {
  const prefixes = (source.s3PrefixLogTypes ?? []).map((p) => newPrefixRow(p.prefix, p.logTypes));
  return {
    label: source.integrationLabel,
    awsAccountId: source.awsAccountId ?? '',
    bucket: source.s3Bucket ?? '',
    kmsKey: source.kmsKey ?? '',
    logProcessingRole: source.logProcessingRole ?? '',
    // An existing source's role is what it is: renaming the source does not move it.
    roleEdited: true,
    managedBucketNotifications: source.managedBucketNotifications ?? false,
    prefixes: prefixes.length ? prefixes : [newPrefixRow()],
  };
}

// The API's patterns (lambdas/sources/api.go), so what passes here passes there.
const labelPattern = /^[0-9A-Za-z][0-9A-Za-z _-]{0,31}$/;
const accountPattern = /^\d{12}$/;
const rolePattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
// The log processor may assume only these roles (deployments/log_analysis.yml,
// ReadSourcesThroughTheirRoles), so another name could never be read.
const roleNamePrefix = 'PantherLogProcessingRole-';
const kmsKeyPattern = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

function labelError(label: string): string | undefined {
  if (!label.trim()) return 'Name is required: give the source a name, such as "CloudTrail logs".';
  if (!labelPattern.test(label)) {
    return 'Name: use 1 to 32 letters, digits, spaces, - or _, starting with a letter or digit.';
  }
}

function accountError(account: string): string | undefined {
  if (!account) return 'AWS account ID is required: give the 12 digits of the account that owns the bucket.';
  if (!accountPattern.test(account)) return 'AWS account ID: give exactly 12 digits, without dashes or spaces.';
}

/** The S3 bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function bucketError(bucket: string): string | undefined {
  if (!bucket) return 'Bucket name is required: give the name of the bucket that holds the logs.';
  if (/^(s3:\/\/|arn:)/.test(bucket)) return 'Bucket name: give the name only, without s3:// or arn:aws:s3:::.';
  if (bucket.length < 3 || bucket.length > 63) return 'Bucket name: use 3 to 63 characters.';
  if (!/^[a-z0-9.-]+$/.test(bucket)) return 'Bucket name: use only lower-case letters, digits, dots and hyphens.';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return 'Bucket name: start and end with a lower-case letter or a digit.';
  if (bucket.includes('..')) return 'Bucket name: two dots may not follow each other.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return 'Bucket name: a bucket name cannot look like an IP address.';
  if (bucket.startsWith('xn--') || bucket.endsWith('-s3alias') || bucket.endsWith('--ol-s3')) {
    return 'Bucket name: names starting with xn-- or ending with -s3alias or --ol-s3 are reserved by AWS.';
  }
}

function kmsKeyError(key: string): string | undefined {
  if (key && !kmsKeyPattern.test(key)) {
    return 'KMS key ARN: give the key ARN, such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, or leave it empty.';
  }
}

function roleError(role: string): string | undefined {
  if (!role) return;
  if (!rolePattern.test(role)) {
    return 'Log processing role ARN: give an IAM role ARN, such as arn:aws:iam::123456789012:role/PantherLogProcessingRole-mylogs, or leave it empty.';
  }
  // The path counts: the log processor's policy matches role/PantherLogProcessingRole-*.
  const name = role.slice(role.indexOf(':role/') + ':role/'.length);
  if (!name.startsWith(roleNamePrefix)) {
    return `Log processing role ARN: Panther may assume only roles named ${roleNamePrefix}…; name the role ${roleNamePrefix}${name}.`;
  }
}

export function validateS3Form(values: S3FormValues, { editing = false } = {}): S3FormErrors {
  const errors: S3FormErrors = {
    label: labelError(values.label),
    // The account of an existing source cannot change (updateS3LogIntegration has no account).
    awsAccountId: editing ? undefined : accountError(values.awsAccountId),
    bucket: bucketError(values.bucket),
    kmsKey: kmsKeyError(values.kmsKey),
    logProcessingRole: roleError(values.logProcessingRole),
  };
  if (values.prefixes.length === 0) {
    errors.prefixes = 'Prefixes: add at least one prefix (leave it empty for the whole bucket) and its log types.';
  }
  const seen = new Map<string, number>();
  values.prefixes.forEach((row, i) => {
    const n = i + 1;
    if (row.prefix.startsWith('/')) {
      errors[`prefix.${i}`] = `Prefix ${n}: S3 keys do not start with /; remove the leading /.`;
    } else if (seen.has(row.prefix)) {
      const which = row.prefix === '' ? 'the whole bucket (empty prefix)' : `"${row.prefix}"`;
      errors[`prefix.${i}`] = `Prefix ${n}: ${which} is already prefix ${seen.get(row.prefix)}; give each prefix once.`;
    } else {
      seen.set(row.prefix, n);
    }
    if (row.logTypes.length === 0) {
      errors[`logTypes.${i}`] = `Log types of prefix ${n}: choose at least one log type.`;
    }
  });
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as S3FormErrors;
}

function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function prefixInputs(values: S3FormValues) {
  return values.prefixes.map((row) => ({ prefix: row.prefix, logTypes: row.logTypes }));
}

export function toAddInput(values: S3FormValues): AddS3LogIntegrationInput {
  return {
    integrationLabel: values.label.trim(),
    awsAccountId: values.awsAccountId.trim(),
    s3Bucket: values.bucket.trim(),
    s3PrefixLogTypes: prefixInputs(values),
    kmsKey: optional(values.kmsKey),
    logProcessingRole: optional(values.logProcessingRole),
    managedBucketNotifications: values.managedBucketNotifications,
  };
}

export function toUpdateInput(integrationId: string, values: S3FormValues): UpdateS3LogIntegrationInput {
  return {
    integrationId,
    integrationLabel: values.label.trim(),
    s3Bucket: values.bucket.trim(),
    s3PrefixLogTypes: prefixInputs(values),
    kmsKey: optional(values.kmsKey),
    logProcessingRole: optional(values.logProcessingRole),
    managedBucketNotifications: values.managedBucketNotifications,
  };
}

/** The IAM partition of a region: ARNs differ in China and GovCloud. */
export function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The role name the form suggests, the original's PantherLogProcessingRole-<label> (IAM's name rules). */
export function suggestedRoleName(label: string): string {
  return `${roleNamePrefix}${label.trim().replace(/[^0-9A-Za-z_+=,.@-]+/g, '-')}`.slice(0, 64);
}

/** The suggested role's ARN, once the name and the account are known. */
export function suggestedRoleArn(label: string, awsAccountId: string, region: string): string {
  if (!label.trim() || !accountPattern.test(awsAccountId)) return '';
  return `arn:${partition(region)}:iam::${awsAccountId}:role/${suggestedRoleName(label)}`;
}

/** Applies a change; the role follows the name and the account until the user edits it. */
export function updateS3Form(values: S3FormValues, change: Partial<S3FormValues>, region: string): S3FormValues {
  const next = { ...values, ...change };
  if ('logProcessingRole' in change) next.roleEdited = true;
  else if (!next.roleEdited && ('label' in change || 'awsAccountId' in change)) {
    next.logProcessingRole = suggestedRoleArn(next.label, next.awsAccountId, region);
  }
  return next;
}
