import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Fragment, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { useDeferredAsync } from '../../../hooks/useDeferredAsync';
import {
  valueStreamApiRef,
  type ImpactAnalysis as ImpactAnalysisResult,
  type ImpactedItem,
} from '../../../api';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { AsyncContent } from '../../primitives/AsyncContent';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  theme => ({
    path: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(0.5),
    },
    arrow: { color: theme.palette.text.secondary },
    depth: { marginTop: theme.spacing(1) },
    item: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  }),
  { name: 'ValueStreamImpactAnalysis' },
);

/**
 * Items shown per distance until the user asks for all: a core service can
 * have hundreds of dependants, and every one is a row of links.
 */
export const IMPACT_ITEMS_SHOWN = 10;

const DEPTHS = [1, 2, 3, 4, 5, 6];

/**
 * The title to show for an entity: its catalog title when the analysis has
 * it, else its name. A link given its title spares EntityRefLink a catalog
 * lookup and a tooltip each, which a list of paths adds up to.
 */
function titleOf(titles: Map<string, string>, ref: string): string {
  const title = titles.get(ref);
  if (title) {
    return title;
  }
  const parsed = parseEntityRef(ref);
  return humanizeEntityRef(parsed, { defaultKind: parsed.kind });
}

const Path = ({
  item,
  titles,
}: {
  item: ImpactedItem;
  titles: Map<string, string>;
}) => {
  const classes = useStyles();
  const { relationLabel } = useLabels();
  return (
    <div className={classes.path}>
      {item.path.map((ref, i) => (
        <Fragment key={`${ref}-${i}`}>
          {i > 0 && (
            <span
              className={classes.arrow}
              title={relationLabel(item.relations[i - 1] ?? '')}
            >
              →
            </span>
          )}
          <EntityRefLink entityRef={ref} title={titleOf(titles, ref)} />
        </Fragment>
      ))}
    </div>
  );
};

const ItemsByDepth = ({
  items,
  titles,
  label,
}: {
  items: ImpactedItem[];
  titles: Map<string, string>;
  label: string;
}) => {
  const classes = useStyles();
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { relationLabel } = useLabels();
  const [expanded, setExpanded] = useState<number[]>([]);
  const depths = [...new Set(items.map(i => i.depth))].sort((a, b) => a - b);
  return (
    <>
      {depths.map(depth => {
        const atDepth = items.filter(i => i.depth === depth);
        const shown = expanded.includes(depth)
          ? atDepth
          : atDepth.slice(0, IMPACT_ITEMS_SHOWN);
        return (
          <div key={depth} className={classes.depth}>
            <Typography variant="overline" component="h4">
              {t('impact.hopsAway', { count: depth })} ({atDepth.length})
            </Typography>
            <List
              dense
              disablePadding
              aria-label={`${label}, ${t('impact.hopsAway', { count: depth })}`}
            >
              {shown.map(item => (
                <ListItem key={item.entityRef} disableGutters>
                  <ListItemText
                    disableTypography
                    primary={
                      <div className={classes.item}>
                        <Typography variant="body2" component="span">
                          <EntityRefLink
                            entityRef={item.entityRef}
                            title={titleOf(titles, item.entityRef)}
                          />
                        </Typography>
                        <Chip
                          size="small"
                          variant="outlined"
                          label={item.kind}
                        />
                      </div>
                    }
                    secondary={
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                      >
                        <Path item={item} titles={titles} />
                        <div>
                          {t('impact.via', {
                            path: item.relations.map(relationLabel).join(' → '),
                          })}
                        </div>
                      </Typography>
                    }
                  />
                </ListItem>
              ))}
            </List>
            {shown.length < atDepth.length && (
              <Button
                size="small"
                onClick={() => setExpanded(prev => [...prev, depth])}
              >
                {t('impact.showAll', {
                  total: String(atDepth.length),
                  hops: t('impact.hopsAway', { count: depth }),
                })}
              </Button>
            )}
          </div>
        );
      })}
    </>
  );
};

const ImpactBody = ({ analysis }: { analysis: ImpactAnalysisResult }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const titles = new Map<string, string>();
  for (const item of [...analysis.downstream, ...analysis.upstream]) {
    if (item.title) {
      titles.set(item.entityRef, item.title);
    }
  }
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        {t('impact.impactedTitle', {
          total: String(analysis.downstream.length),
        })}
      </Typography>
      {analysis.downstream.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {t('impact.nothingDepends', { count: analysis.depth })}
        </Typography>
      ) : (
        <ItemsByDepth
          items={analysis.downstream}
          titles={titles}
          label={t('impact.impacted')}
        />
      )}
      <Box mt={2}>
        <Accordion variant="outlined" TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="subtitle2" component="h3">
              {t('impact.upstreamTitle', {
                total: String(analysis.upstream.length),
              })}
            </Typography>
          </AccordionSummary>
          <AccordionDetails style={{ display: 'block' }}>
            {analysis.upstream.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('impact.dependsOnNothing')}
              </Typography>
            ) : (
              <ItemsByDepth
                items={analysis.upstream}
                titles={titles}
                label={t('impact.upstream')}
              />
            )}
          </AccordionDetails>
        </Accordion>
      </Box>
    </>
  );
};

/** Props of {@link ImpactAnalysis}. */
export interface ImpactAnalysisProps {
  entityRef: string;
  /** Hops to follow at first, 1 to 6 (default 3); the user can change it. */
  depth?: number;
}

/**
 * What a change to, or an outage of, an entity impacts: the entities that
 * depend on it through the catalog's relations, grouped by distance, each
 * with the path that leads there; and, collapsed, what it depends on itself.
 */
export const ImpactAnalysis = ({
  entityRef,
  depth: initialDepth = 3,
}: ImpactAnalysisProps) => {
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('impact');
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const [depth, setDepth] = useState(initialDepth);
  const { value, loading, error } = useDeferredAsync(
    () => api.getImpact(entityRef, depth),
    [api, entityRef, depth],
  );

  const control = (
    <TextField
      select
      id={id('depth')}
      label={t('impact.depth')}
      value={depth}
      onChange={e => setDepth(Number(e.target.value))}
      size="small"
      style={{ minWidth: 120 }}
    >
      {DEPTHS.map(d => (
        <MenuItem key={d} value={d}>
          {t('impact.hops', { count: d })}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Box>
      <Box display="flex" justifyContent="flex-end" mb={1}>
        {control}
      </Box>
      <AsyncContent
        loading={loading}
        error={error}
        value={value}
        isEmpty={a => a.downstream.length === 0 && a.upstream.length === 0}
        emptyTitle={t('impact.emptyTitle')}
        emptyDescription={t('impact.emptyDescription')}
      >
        {analysis => <ImpactBody analysis={analysis} />}
      </AsyncContent>
    </Box>
  );
};
