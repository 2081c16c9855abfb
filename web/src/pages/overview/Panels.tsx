// The overview's number and lists: total alerts against the period before, the rules with
// most alerts, and the newest open high and critical alerts.
import { Anchor, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SeverityBadge, StatusBadge } from '../../components/badges';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import type { SingleValue } from '../../graphql/schema';
import { urls } from '../../urls';
import type { Delta, Range } from './metrics';
import type { RecentAlert } from './queries';

const count = new Intl.NumberFormat();

function Panel({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const id = `panel-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

export function TotalAlerts({ delta, range }: { delta: Delta; range: Range }) {
  const sign = delta.change > 0 ? '+' : delta.change < 0 ? '−' : '±';
  const color = delta.change > 0 ? 'red' : delta.change < 0 ? 'green' : 'dimmed';
  return (
    <Panel title="Total alerts">
      <Text fz={36} fw={700} lh={1}>
        {count.format(delta.current)}
      </Text>
      <Text size="sm" c={color}>
        {sign}
        {count.format(Math.abs(delta.change))}
        {delta.percent !== null && ` (${sign}${Math.abs(delta.percent)}%)`} vs {range.previous} ({count.format(delta.previous)})
      </Text>
      {delta.current === 0 && (
        <Text size="sm" c="dimmed">
          No alerts in this range.
        </Text>
      )}
    </Panel>
  );
}

export function TopRules({ rules }: { rules: SingleValue[] }) {
  return (
    <Panel title="Most active rules">
      {rules.length === 0 ? (
        <EmptyState
          title="No rule raised alerts in this range"
          action={
            <Anchor component={Link} to={urls.detections()}>
              Go to rules
            </Anchor>
          }
        />
      ) : (
        <Table aria-label="Most active rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th ta="right">Alerts</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Anchor component={Link} to={urls.rule(r.label)} size="sm">
                    {r.label}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{count.format(r.value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}

interface RecentProps {
  alerts: RecentAlert[] | undefined;
  error: Error | null;
  onRetry: () => void;
}

export function RecentHighAlerts({ alerts, error, onRetry }: RecentProps) {
  return (
    <Panel
      title="Recent high and critical alerts"
      action={
        <Anchor component={Link} to={`${urls.alerts()}?severity[]=HIGH&severity[]=CRITICAL`} size="sm">
          View all high and critical alerts
        </Anchor>
      }
    >
      {error ? (
        <ErrorState title="The alerts could not be loaded" error={error} onRetry={onRetry} />
      ) : !alerts ? (
        <Loading label="Loading alerts…" />
      ) : alerts.length === 0 ? (
        <EmptyState title="No open high or critical alerts">Nothing urgent needs you. Lower-severity alerts are on the alerts page.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Recent high and critical alerts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Alert</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.map((a) => (
                <Table.Tr key={a.alertId}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Anchor component={Link} to={urls.alert(a.alertId)} size="sm">
                      {a.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {a.ruleDisplayName || a.ruleId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={a.severity} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.creationTime)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}
