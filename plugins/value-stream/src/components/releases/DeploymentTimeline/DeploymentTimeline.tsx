import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Chip, Grid, Tooltip, Typography, makeStyles } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import {
  Timeline,
  TimelineConnector,
  TimelineContent,
  TimelineDot,
  TimelineItem,
  TimelineOppositeContent,
  TimelineSeparator,
} from '@material-ui/lab';
import { Link } from '@backstage/core-components';
import type {
  DeploymentRecord,
  DeploymentState,
  ReleaseRecord,
  RecordHeadline,
  ReleaseState,
} from '@valuestream/plugin-value-stream-common';
import { formatDateTime } from '../../../lib/format';
import { StateChip } from '../../primitives/StateChip';
import { useToneStyles } from '../../primitives/tones';
import { RecordTransitionButton } from '../../primitives/RecordTransitionButton';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  {
    opposite: { flex: 0.35 },
    timeline: { margin: 0, padding: 0 },
    flag: { marginLeft: 4 },
  },
  { name: 'ValueStreamDeploymentTimeline' },
);

/** Props of {@link DeploymentTimeline}. */
export interface DeploymentTimelineProps {
  releases: Release[];
  deployments: Deployment[];
  /** The latest deployment per environment, shown as what runs there now. */
  latest?: Deployment[];
  /** Called after a release moved; without it releases cannot be moved. */
  onChanged?: () => void;
}

type Release = RecordHeadline<ReleaseRecord>;
type Deployment = RecordHeadline<DeploymentRecord>;

type DotColor = 'grey' | 'primary' | 'secondary' | 'inherit';

const DEPLOYMENT_DOT: Record<DeploymentState, DotColor> = {
  pending: 'grey',
  in_progress: 'primary',
  success: 'primary',
  failure: 'secondary',
};

const RELEASE_DOT: Record<ReleaseState, DotColor> = {
  planned: 'grey',
  building: 'grey',
  ready: 'primary',
  deployed: 'primary',
  abandoned: 'inherit',
};

/**
 * The mark of a production deployment that no authorized change covered:
 * a chip in the bad tone whose accessible name and tooltip give the reason.
 */
const UnauthorizedChip = ({ deployment }: { deployment: Deployment }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const tones = useToneStyles();
  const label = t('timeline.unauthorizedLabel', {
    version: deployment.deployedVersion,
    reason: deployment.unauthorizedReason ?? t('timeline.unauthorizedNoReason'),
  });
  return (
    <Tooltip title={label}>
      <Chip
        size="small"
        icon={<WarningIcon fontSize="small" aria-hidden />}
        label={t('timeline.unauthorized')}
        aria-label={label}
        className={`${tones.bad} ${classes.flag}`}
      />
    </Tooltip>
  );
};

function when(d: Deployment): string {
  return d.finishedAt ?? d.startedAt ?? d.createdAt;
}

/** Groups deployments by environment, production environments first. */
export function byEnvironment(deployments: Deployment[]): Array<{
  environment: string;
  production: boolean;
  items: Deployment[];
}> {
  const groups = new Map<
    string,
    { environment: string; production: boolean; items: Deployment[] }
  >();
  for (const d of deployments) {
    const group = groups.get(d.environment) ?? {
      environment: d.environment,
      production: d.production,
      items: [],
    };
    group.items.push(d);
    group.production = group.production || d.production;
    groups.set(d.environment, group);
  }
  for (const group of groups.values()) {
    group.items.sort((a, b) => when(b).localeCompare(when(a)));
  }
  return [...groups.values()].sort(
    (a, b) =>
      Number(b.production) - Number(a.production) ||
      a.environment.localeCompare(b.environment),
  );
}

/**
 * Releases and deployments as timelines, newest first: one for releases and
 * one per environment. A deployment flagged as unauthorized is marked.
 */
export const DeploymentTimeline = ({
  releases,
  deployments,
  latest = [],
  onChanged,
}: DeploymentTimelineProps) => {
  const classes = useStyles();
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stateLabel } = useLabels();
  const environments = byEnvironment([
    ...deployments,
    // An environment whose latest deployment is older than the recent ones.
    ...latest.filter(l => !deployments.some(d => d.id === l.id)),
  ]);
  const runningIn = (environment: string) =>
    latest.find(l => l.environment === environment && l.state === 'success')
      ?.deployedVersion;
  const sortedReleases = [...releases].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={environments.length ? 4 : 12}>
        <Typography variant="subtitle1" component="h3">
          {t('timeline.releases')}
        </Typography>
        {sortedReleases.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            {t('timeline.noReleases')}
          </Typography>
        ) : (
          <Timeline
            className={classes.timeline}
            aria-label={t('timeline.releases')}
          >
            {sortedReleases.map((r, i) => (
              <TimelineItem key={r.id}>
                <TimelineOppositeContent className={classes.opposite}>
                  <Typography variant="caption" color="textSecondary">
                    {formatDateTime(r.createdAt)}
                  </Typography>
                </TimelineOppositeContent>
                <TimelineSeparator>
                  <TimelineDot color={RELEASE_DOT[r.state]} />
                  {i < sortedReleases.length - 1 && <TimelineConnector />}
                </TimelineSeparator>
                <TimelineContent>
                  <Typography variant="body2">
                    {r.url ? (
                      <Link
                        to={r.url}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        {r.releaseVersion}
                      </Link>
                    ) : (
                      r.releaseVersion
                    )}{' '}
                    {r.title}
                  </Typography>
                  <StateChip
                    value={r.state}
                    label={stateLabel('releases', r.state)}
                  />
                  {onChanged && (
                    <RecordTransitionButton
                      collection="releases"
                      record={r}
                      onChanged={onChanged}
                    />
                  )}
                </TimelineContent>
              </TimelineItem>
            ))}
          </Timeline>
        )}
      </Grid>
      {environments.map(env => (
        <Grid item xs={12} md={4} key={env.environment}>
          <Typography variant="subtitle1" component="h3">
            {env.environment}
            {env.production ? t('timeline.production') : ''}
          </Typography>
          {runningIn(env.environment) && (
            <Typography variant="caption" color="textSecondary">
              {t('timeline.running', {
                version: runningIn(env.environment) ?? '',
              })}
            </Typography>
          )}
          <Timeline
            className={classes.timeline}
            aria-label={t('timeline.deploymentsTo', {
              environment: env.environment,
            })}
          >
            {env.items.map((d, i) => (
              <TimelineItem key={d.id}>
                <TimelineOppositeContent className={classes.opposite}>
                  <Typography variant="caption" color="textSecondary">
                    {formatDateTime(when(d))}
                  </Typography>
                </TimelineOppositeContent>
                <TimelineSeparator>
                  <TimelineDot color={DEPLOYMENT_DOT[d.state]} />
                  {i < env.items.length - 1 && <TimelineConnector />}
                </TimelineSeparator>
                <TimelineContent>
                  <Typography variant="body2">
                    {d.url ? (
                      <Link
                        to={d.url}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        {d.deployedVersion}
                      </Link>
                    ) : (
                      d.deployedVersion
                    )}
                  </Typography>
                  <StateChip
                    value={d.state}
                    label={stateLabel('deployments', d.state)}
                  />
                  {d.unauthorized && <UnauthorizedChip deployment={d} />}
                </TimelineContent>
              </TimelineItem>
            ))}
          </Timeline>
        </Grid>
      ))}
    </Grid>
  );
};
