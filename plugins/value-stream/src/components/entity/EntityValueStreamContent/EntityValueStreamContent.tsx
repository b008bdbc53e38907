import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ReactNode, useState } from 'react';
import { Grid, Typography } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  EntitySummary,
  Evidence,
} from '@valuestream/plugin-value-stream-common';
import type { Collection } from '../../../api';
import { valueStreamTranslationRef } from '../../../translation';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { collectionOf } from '../../../lib/records';
import { StageStepper } from '../../board/StageStepper';
import { ReadinessChecklist } from '../../board/ReadinessChecklist';
import { ServiceLevelsTable } from '../../serviceLevels/ServiceLevelsTable';
import { EntitySloCard } from '../../serviceLevels/EntitySloCard';
import { ChangesTable } from '../../changes/ChangesTable';
import { DeploymentTimeline } from '../../releases/DeploymentTimeline';
import { IncidentsTable } from '../../incidents/IncidentsTable';
import { ProblemsList } from '../../problems/ProblemsList';
import { TimeInStageChart } from '../../metrics/TimeInStageChart';
import { RecordDialog } from '../RecordDialog';
import { EntityActions } from '../EntityActions';
import { DoraMetricsCard } from '../../metrics/DoraMetricsCard';
import { ImpactAnalysis } from '../ImpactAnalysis';

/**
 * The "Value stream" tab of a component or system: its stage, the
 * readiness checklist with evidence and gaps, service levels and SLOs, open changes,
 * releases and deployments, incidents with live SLA clocks, problems, DORA
 * metrics, the time spent in each stage and the impact analysis.
 */
export const EntityValueStreamContent = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { entityRef, summary, loading, error, retry } = useEntitySummary();
  const [openRecord, setOpenRecord] = useState<
    { collection: Collection; id: string } | undefined
  >();

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!loading && !summary) {
    return (
      <EmptyState
        missing="data"
        title={t('entityTab.noDataTitle')}
        description={t('entityTab.noDataDescription')}
      />
    );
  }

  // The cards drawn from the summary wait for it inside the layout; the
  // actions, DORA metrics, time in stage and impact load alongside it
  // instead of after it.
  const fromSummary = (render: (s: EntitySummary) => ReactNode) =>
    summary ? render(summary) : <Progress />;
  const onOpenRecord = (evidence: Evidence) => {
    const collection = evidence.recordType && collectionOf(evidence.recordType);
    if (collection && evidence.recordId) {
      setOpenRecord({ collection, id: evidence.recordId });
    }
  };

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <InfoCard
          title={t('entityTab.stageTitle')}
          action={<EntityActions entityRef={entityRef} onChanged={retry} />}
        >
          {fromSummary(s => (
            <StageStepper
              stage={s.stage}
              stageSince={s.stageSince}
              stagesWithGaps={[
                ...new Set(s.checklist.filter(i => i.gap).map(i => i.stage)),
              ]}
            />
          ))}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.checklistTitle')}>
          {fromSummary(s =>
            s.checklist.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('entityTab.noCriteria')}
              </Typography>
            ) : (
              <ReadinessChecklist
                checklist={s.checklist}
                stage={s.stage}
                onOpenRecord={onOpenRecord}
              />
            ),
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.serviceLevelsTitle')}>
          {fromSummary(s =>
            s.serviceLevels.length === 0 ? (
              <EmptyState
                missing="data"
                title={t('entityTab.noServiceLevelTitle')}
                description={t('entityTab.noServiceLevelDescription')}
              />
            ) : (
              <ServiceLevelsTable
                serviceLevels={s.serviceLevels}
                onChanged={retry}
              />
            ),
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <EntitySloCard entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.openChangesTitle')}>
          {fromSummary(s =>
            s.openChanges.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('entityTab.noOpenChanges')}
              </Typography>
            ) : (
              <ChangesTable changes={s.openChanges} onChanged={retry} />
            ),
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.releasesTitle')}>
          {fromSummary(s =>
            s.recentReleases.length === 0 &&
            s.recentDeployments.length === 0 &&
            s.latestDeployments.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('entityTab.noReleases')}
              </Typography>
            ) : (
              <DeploymentTimeline
                releases={s.recentReleases}
                deployments={s.recentDeployments}
                latest={s.latestDeployments}
                onChanged={retry}
              />
            ),
          )}
        </InfoCard>
      </Grid>
      {/* Tables take the full width: their columns need it. */}
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.openIncidentsTitle')}>
          {fromSummary(s =>
            s.openIncidents.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('entityTab.noOpenIncidents')}
              </Typography>
            ) : (
              <IncidentsTable incidents={s.openIncidents} onChanged={retry} />
            ),
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('entityTab.problemsTitle')}>
          {fromSummary(s =>
            s.openProblems.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('entityTab.noOpenProblems')}
              </Typography>
            ) : (
              <ProblemsList problems={s.openProblems} onChanged={retry} />
            ),
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <DoraMetricsCard />
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title={t('entityTab.timeInStageTitle')}>
          <TimeInStageChart entityRef={entityRef} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard
          title={t('entityTab.impactTitle')}
          subheader={t('entityTab.impactSubheader')}
        >
          <ImpactAnalysis entityRef={entityRef} />
        </InfoCard>
      </Grid>
      {openRecord && (
        <RecordDialog
          open
          collection={openRecord.collection}
          id={openRecord.id}
          onClose={() => setOpenRecord(undefined)}
        />
      )}
    </Grid>
  );
};
