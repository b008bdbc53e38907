import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { DataTable } from '../../shared/DataTable';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { PRIORITIES } from '@valuestream/plugin-value-stream-common';
import {
  valueStreamApiRef,
  type Collection,
  type CollectionRecords,
} from '../../../api';
import {
  formatDateTime,
  formatMinutes,
  formatPercent,
  formatWindow,
  humanize,
} from '../../../lib/format';
import { recordNoun, recordTitle } from '../../../lib/records';
import { StateChip } from '../../shared/StateChip';
import { ImpactAnalysis } from '../ImpactAnalysis';

/** Props of {@link RecordDialog}. */
export interface RecordDialogProps {
  collection: Collection;
  id: string;
  open: boolean;
  onClose: () => void;
}

type Row = [string, ReactNode];

function external(url?: string): ReactNode {
  return url ? (
    <Link to={url} target="_blank" rel="noopener noreferrer">
      {url}
    </Link>
  ) : (
    '—'
  );
}

function user(ref?: string): ReactNode {
  return ref ? <EntityRefLink entityRef={ref} /> : '—';
}

function rowsOf(
  collection: Collection,
  record: CollectionRecords[Collection],
): Row[] {
  const rows: Row[] = [
    ['Configuration item', <EntityRefLink entityRef={record.entityRef} />],
  ];
  switch (collection) {
    case 'changes': {
      const r = record as CollectionRecords['changes'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        ['Type', humanize(r.type)],
        [
          'Risk',
          r.riskLevel
            ? `${humanize(r.riskLevel)} (${r.riskScore ?? '?'})`
            : '—',
        ],
        ['Planned window', formatWindow(r.plannedStart, r.plannedEnd)],
        ['Requested by', user(r.requestedBy)],
        [
          'Approvals',
          r.approvals.length
            ? r.approvals
                .map(
                  a =>
                    `${a.approver}: ${a.decision}${
                      a.comment ? ` (${a.comment})` : ''
                    }`,
                )
                .join('; ')
            : 'None yet',
        ],
        ['Description', r.description],
      );
      break;
    }
    case 'releases': {
      const r = record as CollectionRecords['releases'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        ['Version', r.releaseVersion],
        ['Git tag', r.gitTag ?? '—'],
        [
          'Bundled changes',
          r.changeIds.length ? r.changeIds.join(', ') : 'None',
        ],
        ['Link', external(r.url)],
      );
      break;
    }
    case 'deployments': {
      const r = record as CollectionRecords['deployments'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        [
          'Environment',
          `${r.environment}${r.production ? ' (production)' : ''}`,
        ],
        ['Version', r.deployedVersion],
        ['Started', formatDateTime(r.startedAt)],
        ['Finished', formatDateTime(r.finishedAt)],
        ['Link', external(r.url)],
      );
      break;
    }
    case 'incidents': {
      const r = record as CollectionRecords['incidents'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        ['Priority', <StateChip value={r.priority} />],
        ['Impact / urgency', `${humanize(r.impact)} / ${humanize(r.urgency)}`],
        ['Major', r.major ? 'Yes' : 'No'],
        ['Reporter', user(r.reporter)],
        ['Assignee', user(r.assignee)],
        ['Response due', formatDateTime(r.sla.responseDueAt)],
        ['Resolution due', formatDateTime(r.sla.resolutionDueAt)],
        ['Resolution', r.resolutionNote ?? '—'],
        ['Description', r.description],
      );
      break;
    }
    case 'problems': {
      const r = record as CollectionRecords['problems'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        ['Root cause', r.rootCause ?? '—'],
        ['Workaround', r.workaround ?? '—'],
        [
          'Linked incidents',
          r.incidentIds.length ? r.incidentIds.join(', ') : 'None',
        ],
        ['Description', r.description],
      );
      break;
    }
    case 'service-levels': {
      const r = record as CollectionRecords['service-levels'];
      rows.push(
        ['State', <StateChip value={r.state} />],
        ['Tier', r.tier ?? '—'],
        ['Availability target', formatPercent(r.availabilityTarget)],
        ...PRIORITIES.map(
          (p): Row => [
            `${p} response / resolution`,
            `${formatMinutes(r.targets[p].responseMinutes)} / ${formatMinutes(
              r.targets[p].resolutionMinutes,
            )}`,
          ],
        ),
        ['Agreed by', user(r.agreedBy)],
      );
      break;
    }
    default:
      break;
  }
  rows.push(
    ['Created', formatDateTime(record.createdAt)],
    ['Created by', user(record.createdBy)],
  );
  return rows;
}

const RecordBody = ({
  collection,
  id,
}: {
  collection: Collection;
  id: string;
}) => {
  const api = useApi(valueStreamApiRef);
  const { value, loading, error } = useAsync(
    () => api.getRecord(collection, id),
    [api, collection, id],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return (
      <EmptyState missing="data" title={`No such ${recordNoun(collection)}`} />
    );
  }
  return (
    <>
      <Typography variant="h6" gutterBottom>
        {recordTitle(collection, value)}
      </Typography>
      <DataTable size="small" aria-label="Record details">
        <TableBody>
          {rowsOf(collection, value).map(([label, content]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{content}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
      {(collection === 'changes' || collection === 'incidents') && (
        <>
          <Typography variant="subtitle1" style={{ marginTop: 16 }}>
            Impact
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {collection === 'changes'
              ? 'What this change may affect, through the catalog relations of the service.'
              : 'What this incident may affect, through the catalog relations of the service.'}
          </Typography>
          <ImpactAnalysis entityRef={value.entityRef} />
        </>
      )}
      <Typography variant="subtitle1" style={{ marginTop: 16 }}>
        History
      </Typography>
      <DataTable size="small" aria-label="History">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>By</TableCell>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>Note</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.history.map((h, i) => (
            <TableRow key={`${h.at}-${i}`}>
              <TableCell>{formatDateTime(h.at)}</TableCell>
              <TableCell>{h.by}</TableCell>
              <TableCell>{h.from ? humanize(h.from) : '—'}</TableCell>
              <TableCell>{humanize(h.to)}</TableCell>
              <TableCell>{h.note ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
    </>
  );
};

/** A dialog that shows one practice record with its history. */
export const RecordDialog = ({
  collection,
  id,
  open,
  onClose,
}: RecordDialogProps) => (
  <Dialog open={open} onClose={onClose} fullWidth maxWidth="md">
    <DialogTitle>{humanize(recordNoun(collection))}</DialogTitle>
    <DialogContent dividers>
      {open && <RecordBody collection={collection} id={id} />}
    </DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Close</Button>
    </DialogActions>
  </Dialog>
);
