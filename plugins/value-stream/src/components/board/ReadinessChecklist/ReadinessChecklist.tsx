import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import WarningIcon from '@material-ui/icons/Warning';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  STAGES,
  type ChecklistItem,
  type Evidence,
  type Stage,
} from '@valuestream/plugin-value-stream-common';
import { collectionOf } from '../../../lib/records';
import { valueLabels } from '../../../lib/labels';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ReadinessChecklist}. */
export interface ReadinessChecklistProps {
  checklist: ChecklistItem[];
  /** The service's current stage. */
  stage: Stage;
  /** Opens a practice record that serves as evidence. */
  onOpenRecord?: (evidence: Evidence) => void;
}

function lowerFirst(text: string) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "Operating without an agreed service level". */
export function gapMessage(
  t: ValueStreamT,
  stage: Stage,
  label: string,
): string {
  return stage === 'operate'
    ? t('readiness.operatingWithout', { label: lowerFirst(label) })
    : t('readiness.inStageWithout', {
        stage: lowerFirst(valueLabels(t).stageLabel(stage)),
        label: lowerFirst(label),
      });
}

const EvidenceLink = ({
  evidence,
  onOpenRecord,
}: {
  evidence: Evidence;
  onOpenRecord?: (evidence: Evidence) => void;
}) => {
  if (
    evidence.recordType &&
    evidence.recordId &&
    collectionOf(evidence.recordType) &&
    onOpenRecord
  ) {
    return (
      <Chip
        size="small"
        clickable
        variant="outlined"
        component="button"
        label={evidence.label}
        onClick={() => onOpenRecord(evidence)}
      />
    );
  }
  if (evidence.url) {
    return (
      <Link to={evidence.url} target="_blank" rel="noopener noreferrer">
        {evidence.label}
      </Link>
    );
  }
  if (evidence.entityRef) {
    return (
      <EntityRefLink entityRef={evidence.entityRef} title={evidence.label} />
    );
  }
  return (
    <Typography variant="body2" component="span">
      {evidence.label}
    </Typography>
  );
};

/**
 * The exit criteria of each stage as they stand for one service, with the
 * evidence that meets them and the gaps of a service that is already past a
 * stage without meeting its criteria.
 */
export const ReadinessChecklist = ({
  checklist,
  stage,
  onOpenRecord,
}: ReadinessChecklistProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stageLabel } = useLabels();
  const gaps = checklist.filter(item => item.gap);
  const stages = STAGES.filter(s => checklist.some(item => item.stage === s));

  return (
    <Box>
      {gaps.map(item => (
        <Box key={`gap-${item.id}`} mb={1}>
          <Alert severity="warning">{gapMessage(t, stage, item.label)}</Alert>
        </Box>
      ))}
      {stages.map(s => (
        <List
          key={s}
          dense
          aria-label={t('readiness.exitCriteria', { stage: stageLabel(s) })}
          subheader={
            <ListSubheader disableSticky>
              {t('readiness.exitCriteria', { stage: stageLabel(s) })}
              {s === stage ? t('readiness.currentStage') : ''}
            </ListSubheader>
          }
        >
          {checklist
            .filter(item => item.stage === s)
            .map(item => (
              <ListItem key={item.id} alignItems="flex-start">
                <ListItemIcon>
                  {item.met && (
                    <CheckCircleIcon
                      color="primary"
                      titleAccess={t('readiness.met')}
                      fontSize="small"
                    />
                  )}
                  {!item.met && item.gap && (
                    <WarningIcon
                      color="error"
                      titleAccess={t('readiness.gap')}
                      fontSize="small"
                    />
                  )}
                  {!item.met && !item.gap && (
                    <RadioButtonUncheckedIcon
                      color="disabled"
                      titleAccess={t('readiness.notMetYet')}
                      fontSize="small"
                    />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={item.label}
                  secondaryTypographyProps={{ component: 'div' }}
                  secondary={
                    item.evidence.length > 0 ? (
                      <Box
                        display="flex"
                        flexWrap="wrap"
                        style={{ gap: 8 }}
                        mt={0.5}
                      >
                        {item.evidence.map((evidence, i) => (
                          <EvidenceLink
                            key={`${evidence.label}-${i}`}
                            evidence={evidence}
                            onOpenRecord={onOpenRecord}
                          />
                        ))}
                      </Box>
                    ) : (
                      t('readiness.noEvidence')
                    )
                  }
                />
              </ListItem>
            ))}
        </List>
      ))}
    </Box>
  );
};
