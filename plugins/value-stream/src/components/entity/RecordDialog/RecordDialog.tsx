import { useTranslationRef } from '@backstage/frontend-plugin-api';
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
import { DataTable } from '../../primitives/DataTable';
import { DetailsTable, type DetailRow } from '../../primitives/DetailsTable';
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
  formatFieldValue,
  formatMinutes,
  formatPercent,
} from '../../../lib/format';
import { valueLabels } from '../../../lib/labels';
import { StateChip } from '../../primitives/StateChip';
import { RiskFactors } from '../../changes/RiskFactors';
import { ChangeApprovalStatus } from '../../changes/ChangeApprovalStatus';
import { StandardChangeModelName } from '../../changes/StandardChangesView';
import { ImpactAnalysis } from '../ImpactAnalysis';
import { ChangeConflicts } from '../../changes/ChangeConflicts';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link RecordDialog}. */
export interface RecordDialogProps {
  collection: Collection;
  id: string;
  open: boolean;
  onClose: () => void;
}

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
  t: ValueStreamT,
  collection: Collection,
  record: CollectionRecords[Collection],
): DetailRow[] {
  const { enumLabel, stateLabel, windowLabel } = valueLabels(t);
  const state = (value: string) => (
    <StateChip value={value} label={stateLabel(collection, value)} />
  );
  const rows: DetailRow[] = [
    [
      t('recordDialog.configurationItem'),
      <EntityRefLink entityRef={record.entityRef} />,
    ],
  ];
  switch (collection) {
    case 'changes': {
      const r = record as CollectionRecords['changes'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [t('recordDialog.type'), enumLabel('changeType', r.type)],
        [
          t('recordDialog.risk'),
          r.riskLevel ? (
            <>
              {`${enumLabel('riskLevel', r.riskLevel)} (${r.riskScore ?? '?'})`}
              <RiskFactors change={r} />
            </>
          ) : (
            '—'
          ),
        ],
        [
          t('recordDialog.plannedWindow'),
          windowLabel(r.plannedStart, r.plannedEnd),
        ],
        [t('recordDialog.requestedBy'), user(r.requestedBy)],
        [
          t('recordDialog.approvals'),
          r.approvals.length
            ? r.approvals
                .map(
                  a =>
                    `${a.approver}: ${enumLabel(
                      'approvalDecision',
                      a.decision,
                    )}${a.comment ? ` (${a.comment})` : ''}`,
                )
                .join('; ')
            : t('recordDialog.noneYet'),
        ],
        [t('recordDialog.description'), r.description],
        [
          t('approvalStatus.title'),
          <ChangeApprovalStatus changeId={r.id} version={r.version} />,
        ],
      );
      if (r.standardChangeModelId) {
        rows.push([
          t('requestChangeModel.label'),
          <StandardChangeModelName id={r.standardChangeModelId} />,
        ]);
      }
      break;
    }
    case 'releases': {
      const r = record as CollectionRecords['releases'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [t('recordDialog.version'), r.releaseVersion],
        [t('recordDialog.gitTag'), r.gitTag ?? '—'],
        [
          t('recordDialog.bundledChanges'),
          r.changeIds.length ? r.changeIds.join(', ') : t('recordDialog.none'),
        ],
        [t('recordDialog.link'), external(r.url)],
      );
      break;
    }
    case 'deployments': {
      const r = record as CollectionRecords['deployments'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [
          t('recordDialog.environment'),
          `${r.environment}${r.production ? t('recordDialog.production') : ''}`,
        ],
        [t('recordDialog.version'), r.deployedVersion],
        [t('recordDialog.started'), formatDateTime(r.startedAt)],
        [t('recordDialog.finished'), formatDateTime(r.finishedAt)],
        [t('recordDialog.link'), external(r.url)],
      );
      break;
    }
    case 'incidents': {
      const r = record as CollectionRecords['incidents'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [
          t('recordDialog.priority'),
          <StateChip
            value={r.priority}
            label={enumLabel('priority', r.priority)}
          />,
        ],
        [
          t('recordDialog.impactUrgency'),
          `${enumLabel('impact', r.impact)} / ${enumLabel(
            'urgency',
            r.urgency,
          )}`,
        ],
        [
          t('recordDialog.major'),
          r.major ? t('recordDialog.yes') : t('recordDialog.no'),
        ],
        [t('recordDialog.reporter'), user(r.reporter)],
        [t('recordDialog.assignee'), user(r.assignee)],
        [t('recordDialog.responseDue'), formatDateTime(r.sla.responseDueAt)],
        [
          t('recordDialog.resolutionDue'),
          formatDateTime(r.sla.resolutionDueAt),
        ],
        [t('recordDialog.resolution'), r.resolutionNote ?? '—'],
        [t('recordDialog.description'), r.description],
      );
      break;
    }
    case 'problems': {
      const r = record as CollectionRecords['problems'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [t('recordDialog.rootCause'), r.rootCause ?? '—'],
        [t('recordDialog.workaround'), r.workaround ?? '—'],
        [
          t('recordDialog.linkedIncidents'),
          r.incidentIds.length
            ? r.incidentIds.join(', ')
            : t('recordDialog.none'),
        ],
        [t('recordDialog.description'), r.description],
      );
      break;
    }
    case 'service-levels': {
      const r = record as CollectionRecords['service-levels'];
      rows.push(
        [t('recordDialog.state'), state(r.state)],
        [t('recordDialog.tier'), r.tier ?? '—'],
        [
          t('recordDialog.availabilityTarget'),
          formatPercent(r.availabilityTarget),
        ],
        ...PRIORITIES.map(
          (p): DetailRow => [
            t('recordDialog.priorityTargets', {
              priority: enumLabel('priority', p),
            }),
            `${formatMinutes(r.targets[p].responseMinutes)} / ${formatMinutes(
              r.targets[p].resolutionMinutes,
            )}`,
          ],
        ),
        [t('recordDialog.agreedBy'), user(r.agreedBy)],
      );
      break;
    }
    default:
      break;
  }
  rows.push(
    [t('recordDialog.created'), formatDateTime(record.createdAt)],
    [t('recordDialog.createdBy'), user(record.createdBy)],
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
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { recordNoun, recordTitle, stateLabel } = useLabels();
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
      <EmptyState
        missing="data"
        title={t('recordDialog.noSuch', { noun: recordNoun(collection) })}
      />
    );
  }
  return (
    <>
      <Typography variant="h6" gutterBottom>
        {recordTitle(collection, value)}
      </Typography>
      <DetailsTable
        label={t('recordDialog.details')}
        rows={rowsOf(t, collection, value)}
      />
      {collection === 'changes' && (
        <>
          <Typography variant="subtitle1" style={{ marginTop: 16 }}>
            {t('conflicts.title')}
          </Typography>
          <ChangeConflicts
            conflicts={(value as CollectionRecords['changes']).conflicts}
          />
        </>
      )}
      {(collection === 'changes' || collection === 'incidents') && (
        <>
          <Typography variant="subtitle1" style={{ marginTop: 16 }}>
            {t('recordDialog.impact')}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {collection === 'changes'
              ? t('recordDialog.changeImpact')
              : t('recordDialog.incidentImpact')}
          </Typography>
          <ImpactAnalysis entityRef={value.entityRef} />
        </>
      )}
      <Typography variant="subtitle1" style={{ marginTop: 16 }}>
        {t('recordDialog.history')}
      </Typography>
      <DataTable size="small" aria-label={t('recordDialog.history')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('recordDialog.when')}</TableCell>
            <TableCell>{t('recordDialog.by')}</TableCell>
            <TableCell>{t('recordDialog.from')}</TableCell>
            <TableCell>{t('recordDialog.to')}</TableCell>
            <TableCell>{t('recordDialog.note')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.history.map((h, i) => (
            <TableRow key={`${h.at}-${i}`}>
              <TableCell>{formatDateTime(h.at)}</TableCell>
              <TableCell>{h.by}</TableCell>
              <TableCell>
                {h.from ? stateLabel(collection, h.from) : '—'}
              </TableCell>
              <TableCell>{stateLabel(collection, h.to)}</TableCell>
              <TableCell>
                {h.note ?? ''}
                {h.changes?.length ? (
                  <ul
                    aria-label={t('recordDialog.fieldChanges')}
                    style={{ margin: 0, paddingLeft: 20 }}
                  >
                    {h.changes.map(c => (
                      <li key={c.field}>
                        {t('recordDialog.fieldChange', {
                          field: c.field,
                          before: formatFieldValue(c.before),
                          after: formatFieldValue(c.after),
                        })}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </TableCell>
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
}: RecordDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { recordKind } = useLabels();
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{recordKind(collection)}</DialogTitle>
      <DialogContent dividers>
        {open && <RecordBody collection={collection} id={id} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('recordDialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
