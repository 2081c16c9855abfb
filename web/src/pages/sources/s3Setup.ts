// What a new S3 source needs in the user's AWS account, as the policies to paste. The API has
// no IAM template for S3 sources (docs/graphql.md lists getS3LogIntegrationTemplate as a gap),
// so the app writes them from the source and the deployment's own rules:
// - the log processor assumes only roles named PantherLogProcessingRole-* (log_analysis.yml);
// - its input queue accepts notifications only from SNS topics named panther-notifications-topic;
// - managed notifications create that topic through the role, in Panther's region.
import type { S3Source } from './sourcesApi';
import { partition } from './s3Form';

export const notificationsTopic = 'panther-notifications-topic';
export const inputQueue = 'panther-input-data-notifications-queue';

export interface Deployment {
  region: string;
  accountId: string;
}

export function inputQueueArn({ region, accountId }: Deployment): string {
  return `arn:${partition(region)}:sqs:${region}:${accountId}:${inputQueue}`;
}

/** Who may assume the role: Panther's account, whose log processor is allowed to. */
export function trustPolicy(deployment: Deployment): string {
  return json({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition(deployment.region)}:iam::${deployment.accountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

/** What the role may do: read the prefixes, decrypt, and (managed) set up notifications. */
export function rolePolicy(source: S3Source, deployment: Deployment): string {
  const p = partition(deployment.region);
  const bucket = `arn:${p}:s3:::${source.s3Bucket}`;
  const prefixes = (source.s3PrefixLogTypes ?? []).map((x) => x.prefix);
  const objects = prefixes.includes('') || prefixes.length === 0 ? [`${bucket}/*`] : prefixes.map((x) => `${bucket}/${x}*`);
  const statements: object[] = [
    { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket'], Resource: bucket },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: objects.length === 1 ? objects[0] : objects },
  ];
  if (source.kmsKey) statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: source.kmsKey });
  if (source.managedBucketNotifications) {
    statements.push(
      { Effect: 'Allow', Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'], Resource: bucket },
      {
        Effect: 'Allow',
        Action: ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe'],
        Resource: `arn:${p}:sns:${deployment.region}:${source.awsAccountId}:${notificationsTopic}`,
      },
    );
  }
  return json({ Version: '2012-10-17', Statement: statements });
}

/** The topic's policy when the user sets up notifications: S3 publishes, Panther's queue subscribes. */
export function topicPolicy(source: S3Source, deployment: Deployment): string {
  const p = partition(deployment.region);
  const topic = `arn:${p}:sns:<bucket region>:${source.awsAccountId}:${notificationsTopic}`;
  return json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowS3EventNotifications',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:${p}:s3:::${source.s3Bucket}` } },
      },
      {
        Sid: 'AllowPantherToSubscribe',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sns:Subscribe',
        Resource: topic,
        Condition: { ArnEquals: { 'sns:Endpoint': inputQueueArn(deployment) } },
      },
    ],
  });
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
