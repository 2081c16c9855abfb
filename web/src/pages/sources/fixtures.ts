// Test data shared by the sources tests: API answers in the shapes the pages select.
import type { Health, S3Source } from './sourcesApi';

export function source(overrides: Partial<S3Source> = {}): S3Source {
  return {
    integrationId: 'src-1',
    integrationLabel: 'CloudTrail logs',
    integrationType: 'aws-s3',
    awsAccountId: '111122223333',
    createdAtTime: '2024-05-01T10:00:00Z',
    s3Bucket: 'acme-cloudtrail',
    s3PrefixLogTypes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }],
    kmsKey: null,
    logProcessingRole: 'arn:aws:iam::111122223333:role/PantherLogProcessingRole-CloudTrail-logs',
    managedBucketNotifications: false,
    lastEventReceived: null,
    ...overrides,
  };
}

export const failingHealth: Health = {
  processingRoleStatus: { healthy: true, message: 'the log processing role can be assumed', rawErrorMessage: null },
  s3BucketStatus: {
    healthy: false,
    message: 'the bucket cannot be reached with the role',
    rawErrorMessage: 'AccessDenied: Access Denied',
  },
  kmsKeyStatus: { healthy: true, message: 'no KMS key is configured', rawErrorMessage: null },
  getObjectStatus: null,
  bucketNotificationsStatus: null,
};

export const healthyHealth: Health = {
  ...failingHealth,
  s3BucketStatus: { healthy: true, message: 'the bucket is reachable', rawErrorMessage: null },
};
