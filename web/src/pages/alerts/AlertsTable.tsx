// The alert list's table, with a checkbox per row for bulk changes. A page may hold a
// thousand alerts, so a row is plain elements (no Mantine component per cell, and a plain
// <a> rather than a router Link, whose hooks cost more than the rest of the row: one click
// handler on the table navigates for all of them), rows are memoized, and toggling one
// checkbox re-renders only that row and the header. The CSS module makes rows out of view
// skip layout and paint until scrolled to.
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { SortDirection } from '../../graphql/schema';
import { urls } from '../../urls';
import classes from './AlertsTable.module.css';
import { formatCount, formatTime, severityLabels, statusLabels } from './labels';
import type { AlertRowData } from './queries';

interface Props {
  alerts: AlertRowData[];
  selected: ReadonlySet<string>;
  sortDir: SortDirection;
  /** Stable across renders, so that rows stay memoized. */
  onToggle: (alertId: string) => void;
  onToggleAll: () => void;
}

export function AlertsTable({ alerts, selected, sortDir, onToggle, onToggleAll }: Props) {
  const count = alerts.reduce((n, a) => (selected.has(a.alertId) ? n + 1 : n), 0);
  const navigate = useNavigate();
  // A plain left click on a title navigates in the app; other clicks (new tab, middle button)
  // keep the browser's behaviour.
  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const link = (e.target as HTMLElement).closest('a');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented) return;
    e.preventDefault();
    navigate(link.getAttribute('href')!);
  };
  return (
    <div className={classes.scroll}>
      {/* Rows are laid out as grids (see the CSS), so the table's roles are stated: browsers
          drop a table's semantics when its display changes. */}
      <table className={classes.table} aria-label="Alerts" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th className={classes.check} role="columnheader">
              <HeaderCheckbox checked={count > 0 && count === alerts.length} indeterminate={count > 0 && count < alerts.length} onChange={onToggleAll} />
            </th>
            <th scope="col" role="columnheader">Title</th>
            <th scope="col" role="columnheader">Severity</th>
            <th scope="col" role="columnheader">Status</th>
            <th scope="col" role="columnheader">Rule and log types</th>
            <th scope="col" role="columnheader" className={classes.number}>
              Events
            </th>
            <th scope="col" role="columnheader" aria-sort={sortDir === 'ascending' ? 'ascending' : 'descending'}>
              Created
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" onClick={onClick}>
          {alerts.map((alert) => (
            <AlertRow key={alert.alertId} alert={alert} selected={selected.has(alert.alertId)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HeaderCheckbox({ checked, indeterminate, onChange }: { checked: boolean; indeterminate: boolean; onChange: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  // indeterminate is a DOM property only, not an attribute React can render.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" aria-label="Select all alerts on this page" checked={checked} onChange={onChange} />;
}

const AlertRow = memo(function AlertRow({ alert, selected, onToggle }: { alert: AlertRowData; selected: boolean; onToggle: (id: string) => void }) {
  return (
    <tr role="row" data-selected={selected || undefined}>
      <td role="cell" className={classes.check}>
        <input type="checkbox" aria-label={`Select alert ${alert.title}`} checked={selected} onChange={() => onToggle(alert.alertId)} />
      </td>
      <td role="cell">
        <a className={classes.title} href={urls.alert(alert.alertId)}>
          {alert.title}
        </a>
      </td>
      <td role="cell">
        <span className={classes.badge} data-severity={alert.severity}>
          {severityLabels[alert.severity] ?? alert.severity}
        </span>
      </td>
      <td role="cell">
        <span className={classes.badge} data-status={alert.status}>
          {statusLabels[alert.status] ?? alert.status}
        </span>
      </td>
      <td role="cell">
        <div>{alert.type === 'RULE_ERROR' ? `Error in ${alert.ruleDisplayName || alert.ruleId}` : alert.ruleDisplayName || alert.ruleId}</div>
        <div className={classes.dimmed}>{alert.logTypes.join(', ')}</div>
      </td>
      <td role="cell" className={classes.number}>{formatCount(alert.eventsMatched)}</td>
      <td role="cell">{formatTime(alert.creationTime)}</td>
    </tr>
  );
});
