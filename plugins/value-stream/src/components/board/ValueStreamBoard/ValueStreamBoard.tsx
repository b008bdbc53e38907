import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useMemo, useState } from 'react';
import {
  Box,
  Card,
  CardContent,
  Chip,
  Grid,
  Paper,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type {
  BoardColumn,
  BoardItem,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef, type BoardFilter } from '../../../api';
import { useCatalogOptions } from '../../../hooks/useCatalogOptions';
import { formatDate } from '../../../lib/format';
import { CatalogSelect } from '../../primitives/CatalogSelect';
import { LoadMore } from '../../primitives/LoadMore';
import { useToneStyles } from '../../primitives/tones';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  theme => ({
    columns: {
      display: 'flex',
      gap: theme.spacing(2),
      overflowX: 'auto',
      paddingBottom: theme.spacing(2),
    },
    column: {
      flex: '1 0 220px',
      minWidth: 220,
      padding: theme.spacing(1),
      backgroundColor: theme.palette.background.default,
    },
    card: { marginBottom: theme.spacing(1) },
    chips: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: 4,
      marginTop: theme.spacing(1),
    },
  }),
  { name: 'ValueStreamValueStreamBoard' },
);

const ServiceCard = ({ item }: { item: BoardItem }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const tones = useToneStyles();
  return (
    <Card
      className={classes.card}
      variant="outlined"
      component="article"
      aria-label={item.title}
    >
      <CardContent>
        <Typography variant="subtitle2">
          <EntityRefLink entityRef={item.entityRef} title={item.title} />
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          {item.kind}
          {item.system
            ? t('boardCard.in', {
                system: item.system.replace(/^system:(default\/)?/, ''),
              })
            : ''}
          {item.owner
            ? t('boardCard.ownedBy', {
                owner: item.owner.replace(/^group:(default\/)?/, ''),
              })
            : ''}
        </Typography>
        {item.stageSince && (
          <Typography variant="caption" color="textSecondary" component="div">
            {t('boardCard.since', { date: formatDate(item.stageSince) })}
          </Typography>
        )}
        <div className={classes.chips}>
          {item.productionVersion && (
            <Chip
              size="small"
              label={t('boardCard.prod', { version: item.productionVersion })}
            />
          )}
          {item.gaps > 0 && (
            <Chip
              size="small"
              className={tones.warning}
              label={t('boardCard.gaps', { count: item.gaps })}
            />
          )}
          {item.openIncidents > 0 && (
            <Chip
              size="small"
              className={item.breachedIncidents > 0 ? tones.bad : undefined}
              label={`${t('boardCard.incidents', {
                count: item.openIncidents,
              })}${
                item.breachedIncidents > 0
                  ? t('boardCard.breached', {
                      breached: String(item.breachedIncidents),
                    })
                  : ''
              }`}
            />
          )}
          {item.openChanges > 0 && (
            <Chip
              size="small"
              variant="outlined"
              label={t('boardCard.changes', { count: item.openChanges })}
            />
          )}
        </div>
      </CardContent>
    </Card>
  );
};

/**
 * One stage column: its first page of services as the board came, and the
 * next pages of this column alone on "Load more". The board unmounts its
 * columns while it loads, so a new filter starts them afresh.
 */
const StageColumn = ({
  column,
  filter,
}: {
  column: BoardColumn;
  filter: BoardFilter;
}) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const api = useApi(valueStreamApiRef);
  const { stageLabel } = useLabels();
  const [page, setPage] = useState(column);
  const label = stageLabel(page.stage);

  const [more, loadMore] = useAsyncFn(async () => {
    const board = await api.getBoard({
      ...filter,
      stage: page.stage,
      cursor: page.nextCursor,
    });
    const next = board.columns.find(c => c.stage === page.stage);
    if (next) {
      setPage(prev => {
        // A service renamed between the two requests can come again.
        const seen = new Set(prev.items.map(item => item.entityRef));
        return {
          ...next,
          items: [
            ...prev.items,
            ...next.items.filter(item => !seen.has(item.entityRef)),
          ],
        };
      });
    }
  }, [api, filter, page.stage, page.nextCursor]);

  return (
    <Paper
      className={classes.column}
      component="section"
      aria-label={t('board.stage', { label })}
      aria-busy={more.loading}
      elevation={0}
    >
      <Typography variant="h6" component="h2">
        {label}{' '}
        <Typography component="span" color="textSecondary">
          ({page.total})
        </Typography>
      </Typography>
      {page.items.map(item => (
        <ServiceCard key={item.entityRef} item={item} />
      ))}
      {more.loading && <Progress />}
      {more.error && (
        <Alert severity="error">
          {t('board.loadMoreError', { message: more.error.message })}
        </Alert>
      )}
      <LoadMore
        hasMore={Boolean(page.nextCursor)}
        loading={more.loading}
        onLoadMore={loadMore}
        label={t('board.loadMoreIn', { label })}
      />
    </Paper>
  );
};

/**
 * The value stream board: one column per stage with the services in it,
 * filtered by owner and system from the catalog. Each column is paged on
 * its own.
 */
export const ValueStreamBoard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const api = useApi(valueStreamApiRef);
  const [owner, setOwner] = useState('');
  const [system, setSystem] = useState('');
  const owners = useCatalogOptions(['Group']);
  const systems = useCatalogOptions(['System']);
  const filter = useMemo(
    () => ({ owner: owner || undefined, system: system || undefined }),
    [owner, system],
  );

  const { value, loading, error } = useAsync(
    () => api.getBoard(filter),
    [api, filter],
  );
  const empty = !value || value.columns.every(column => column.total === 0);

  return (
    <Box>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4} md={3}>
          <CatalogSelect
            id="vs-board-owner"
            label={t('filters.owner')}
            emptyLabel={t('filters.allOwners')}
            what={t('filters.owners')}
            value={owner}
            onChange={setOwner}
            options={owners}
          />
        </Grid>
        <Grid item xs={12} sm={4} md={3}>
          <CatalogSelect
            id="vs-board-system"
            label={t('filters.system')}
            emptyLabel={t('filters.allSystems')}
            what={t('filters.systems')}
            value={system}
            onChange={setSystem}
            options={systems}
          />
        </Grid>
      </Grid>
      <Box mt={2}>
        {loading && <Progress />}
        {!loading && error && <ResponseErrorPanel error={error} />}
        {!loading && !error && empty && (
          <EmptyState
            missing="content"
            title={t('board.emptyTitle')}
            description={
              owner || system
                ? t('board.emptyFiltered')
                : t('board.emptyCatalog')
            }
          />
        )}
        {!loading && !error && value && !empty && (
          <div className={classes.columns}>
            {value.columns.map(column => (
              <StageColumn key={column.stage} column={column} filter={filter} />
            ))}
          </div>
        )}
      </Box>
    </Box>
  );
};
