import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ApprovalDecision,
  ChangeRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useFreezesOver } from '../../../hooks/useFreezesOver';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { useSubmit } from '../../../hooks/useSubmit';
import { fieldMessage } from '../../../lib/errors';
import { FormDialog } from '../../primitives/FormDialog';
import { RiskFactors } from '../RiskFactors';
import { ChangeConflicts } from '../ChangeConflicts';
import { ChangeApprovalStatus } from '../ChangeApprovalStatus';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ApprovalDialog}. */
export interface ApprovalDialogProps {
  change: RecordHeadline<ChangeRecord>;
  open: boolean;
  onClose: () => void;
  onDone: (change: ChangeRecord) => void;
}

/** Approve or reject a change that waits for authorization. */
export const ApprovalDialog = ({
  change,
  open,
  onClose,
  onDone,
}: ApprovalDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel, windowLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('approval');
  const [decision, setDecision] = useState<ApprovalDecision | ''>('');
  const [comment, setComment] = useState('');
  const [override, setOverride] = useState(false);
  // Scheduling checks the freezes configured now; the stored risk knows
  // those of when the change was scored, and stands in while they load.
  const current = useFreezesOver(change);
  const scored = change.riskFactors?.find(f => f.id === 'freeze');
  const freezeNames = current?.map(f => f.reason).join(', ');
  const inFreeze = Boolean(freezeNames) || Boolean(scored);
  const overriding = inFreeze && override && decision === 'approved';

  const run = useCallback(
    () =>
      overriding
        ? api.approve(
            change.id,
            decision as ApprovalDecision,
            comment.trim() || undefined,
            { freezeOverride: true },
          )
        : api.approve(
            change.id,
            decision as ApprovalDecision,
            comment.trim() || undefined,
          ),
    [api, change.id, decision, comment, overriding],
  );
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (decided: ChangeRecord) => {
      analytics.changeDecided(decided, decision as ApprovalDecision);
      onDone(decided);
    },
    [analytics, decision, onDone],
  );
  const { submit, submitting, error } = useSubmit(run, done);

  return (
    <FormDialog
      title={t('approval.dialogTitle', { title: change.title })}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitting={submitting}
      submitDisabled={!decision}
      error={error}
      shownFields={['decision', 'comment']}
      submitLabel={t('approval.submit')}
    >
      <Typography variant="body2" gutterBottom>
        {change.riskLevel
          ? t('approval.summary', {
              type: enumLabel('changeType', change.type),
              risk: enumLabel('riskLevel', change.riskLevel).toLowerCase(),
              window: windowLabel(change.plannedStart, change.plannedEnd),
            })
          : t('approval.summaryWithoutRisk', {
              type: enumLabel('changeType', change.type),
              window: windowLabel(change.plannedStart, change.plannedEnd),
            })}
      </Typography>
      <RiskFactors change={change} />
      <Typography variant="body2" color="textSecondary" paragraph>
        {change.description}
      </Typography>
      {inFreeze && (
        <Typography variant="body2" color="error" paragraph role="note">
          {freezeNames
            ? t('approval.freezeWarningNamed', { names: freezeNames })
            : t('approval.freezeWarning', { reason: scored?.reason ?? '' })}
        </Typography>
      )}
      <Typography variant="subtitle2">{t('approvalStatus.title')}</Typography>
      <ChangeApprovalStatus changeId={change.id} version={change.version} />
      <Typography variant="subtitle2">{t('conflicts.title')}</Typography>
      <ChangeConflicts conflicts={change.conflicts} dense />
      <FormControl
        component="fieldset"
        error={Boolean(fieldMessage(error, 'decision'))}
      >
        <FormLabel component="legend">{t('approval.decision')}</FormLabel>
        <RadioGroup
          row
          value={decision}
          onChange={e => setDecision(e.target.value as ApprovalDecision)}
        >
          <FormControlLabel
            value="approved"
            control={<Radio />}
            label={t('approval.approve')}
          />
          <FormControlLabel
            value="rejected"
            control={<Radio />}
            label={t('approval.reject')}
          />
        </RadioGroup>
        {fieldMessage(error, 'decision') && (
          <FormHelperText>{fieldMessage(error, 'decision')}</FormHelperText>
        )}
      </FormControl>
      {inFreeze && decision === 'approved' && (
        <FormControl component="fieldset" margin="dense">
          <FormControlLabel
            control={
              <Checkbox
                checked={override}
                onChange={e => setOverride(e.target.checked)}
              />
            }
            label={t('approval.freezeOverride')}
          />
          <FormHelperText>{t('approval.freezeOverrideHelp')}</FormHelperText>
        </FormControl>
      )}
      <TextField
        id={id('comment')}
        label={t('approval.comment')}
        value={comment}
        onChange={e => setComment(e.target.value)}
        fullWidth
        multiline
        minRows={2}
        margin="normal"
        error={Boolean(fieldMessage(error, 'comment'))}
        helperText={fieldMessage(error, 'comment')}
      />
    </FormDialog>
  );
};
