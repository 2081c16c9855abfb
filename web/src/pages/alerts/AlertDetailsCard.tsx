// What the alert is: its rule, severity, status, dedup string, times and counts.
import { Anchor, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SeverityBadge, StatusBadge } from '../../components/badges';
import { urls } from '../../urls';
import { formatCount, formatTime, typeLabels } from './labels';
import type { AlertDetailData } from './queries';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

export function AlertDetailsCard({ alert }: { alert: AlertDetailData }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        {alert.description && <Text size="sm">{alert.description}</Text>}
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm" m={0}>
          <Field label="Rule">
            <Anchor component={Link} to={urls.rule(alert.ruleId)} size="sm">
              {alert.ruleDisplayName || alert.ruleId}
            </Anchor>
          </Field>
          <Field label="Alert type">{typeLabels[alert.type] ?? alert.type}</Field>
          <Field label="Severity">
            <SeverityBadge severity={alert.severity} />
          </Field>
          <Field label="Current status">
            <StatusBadge status={alert.status} />
          </Field>
          <Field label="Dedup string">
            <Text component="span" ff="monospace" size="sm">
              {alert.dedupString || '—'}
            </Text>
          </Field>
          <Field label="Events matched">{formatCount(alert.eventsMatched)}</Field>
          <Field label="Log types">{alert.logTypes.join(', ') || '—'}</Field>
          <Field label="Created">{formatTime(alert.creationTime)}</Field>
          {/* An alert is created by its first event, so its creation time is the first event's. */}
          <Field label="First event">{formatTime(alert.creationTime)}</Field>
          <Field label="Last event">{formatTime(alert.updateTime)}</Field>
          <Field label="Status changed by">
            {alert.lastUpdatedBy ? `${alert.lastUpdatedBy}${alert.lastUpdatedByTime ? `, ${formatTime(alert.lastUpdatedByTime)}` : ''}` : 'Nobody yet'}
          </Field>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
