// Step 3 of the S3 wizard: what to create in the bucket's account so that Panther can read
// it and hears of new objects, then a health check to see that it worked.
import { Alert, Button, Code, CopyButton, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { config } from '../../config';
import { urls } from '../../urls';
import { HealthReport } from './HealthReport';
import { inputQueueArn, notificationsTopic, rolePolicy, topicPolicy, trustPolicy, type Deployment } from './s3Setup';
import type { S3Source } from './sourcesApi';

function Policy({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={500} size="sm">
          {title}
        </Text>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy ${title}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block aria-label={title}>
        {text}
      </Code>
    </Stack>
  );
}

function RoleSetup({ source, deployment }: { source: S3Source; deployment: Deployment }) {
  if (!source.logProcessingRole) {
    return (
      <Alert color="yellow" title="No log processing role">
        Panther reads this bucket with its own permissions, which cover only Panther's own buckets. For any other
        bucket, create a role as described here and set it as the source's log processing role.
      </Alert>
    );
  }
  const roleName = source.logProcessingRole.slice(source.logProcessingRole.indexOf(':role/') + ':role/'.length);
  return (
    <Stack gap="sm">
      <Text size="sm">
        In account {source.awsAccountId}, create the IAM role <Code>{roleName}</Code> ({source.logProcessingRole}) with
        this trust policy and this permissions policy.
      </Text>
      <Policy title="Trust policy" text={trustPolicy(deployment)} />
      <Policy title="Permissions policy" text={rolePolicy(source, deployment)} />
    </Stack>
  );
}

function NotificationSetup({ source, deployment }: { source: S3Source; deployment: Deployment }) {
  if (source.managedBucketNotifications) {
    return (
      <Text size="sm">
        Panther manages the notifications: it created the SNS topic <Code>{notificationsTopic}</Code> in account{' '}
        {source.awsAccountId} and sends each prefix's new objects to it. Nothing more to do.
      </Text>
    );
  }
  const prefixes = (source.s3PrefixLogTypes ?? []).map((p) => (p.prefix === '' ? 'the whole bucket' : p.prefix));
  return (
    <Stack gap="sm">
      <List type="ordered" size="sm" spacing="xs">
        <List.Item>
          In account {source.awsAccountId}, in the bucket's region, create an SNS topic named{' '}
          <Code>{notificationsTopic}</Code> (Panther accepts notifications only from topics of that name) and give it the
          topic policy below, with the bucket's region in place of &lt;bucket region&gt;.
        </List.Item>
        <List.Item>
          Subscribe Panther's queue to the topic: protocol Amazon SQS, endpoint <Code>{inputQueueArn(deployment)}</Code>.
        </List.Item>
        <List.Item>
          On bucket {source.s3Bucket}, add an event notification for all object create events (s3:ObjectCreated:*) to
          that topic, for {prefixes.length === 1 ? prefixes[0] : `each prefix: ${prefixes.join(', ')}`}.
        </List.Item>
      </List>
      <Policy title="Topic policy" text={topicPolicy(source, deployment)} />
    </Stack>
  );
}

export function S3SetupStep({ source }: { source: S3Source }) {
  const [checking, setChecking] = useState(false);
  const deployment = { region: config().region, accountId: config().accountId };
  return (
    <Stack>
      <Title order={2} size="h4">
        1. Let Panther read the bucket
      </Title>
      <RoleSetup source={source} deployment={deployment} />
      <Title order={2} size="h4">
        2. Tell Panther about new objects
      </Title>
      <NotificationSetup source={source} deployment={deployment} />
      <Title order={2} size="h4">
        3. Check that it works
      </Title>
      <Text size="sm">
        The health check assumes the role and reaches the bucket and the KMS key, as the log processor will.
      </Text>
      {checking ? (
        <HealthReport integrationId={source.integrationId} />
      ) : (
        <Group>
          <Button onClick={() => setChecking(true)}>Check health</Button>
        </Group>
      )}
      <Group justify="flex-end">
        <Button component={Link} to={urls.logSources()} variant="default">
          Back to log sources
        </Button>
      </Group>
    </Stack>
  );
}
