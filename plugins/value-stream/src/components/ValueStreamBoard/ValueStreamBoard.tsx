import { useState } from 'react';
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
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  STAGES,
  type BoardItem,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../api';
import { useCatalogOptions } from '../../hooks/useCatalogOptions';
import { formatDate, stageLabel } from '../../lib/format';
import { CatalogSelect } from '../CatalogSelect';

const useStyles = makeStyles(theme => ({
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
  bad: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.common.white,
  },
}));

const ServiceCard = ({ item }: { item: BoardItem }) => {
  const classes = useStyles();
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
            ? ` in ${item.system.replace(/^system:(default\/)?/, '')}`
            : ''}
          {item.owner
            ? `, owned by ${item.owner.replace(/^group:(default\/)?/, '')}`
            : ''}
        </Typography>
        {item.stageSince && (
          <Typography variant="caption" color="textSecondary" component="div">
            Since {formatDate(item.stageSince)}
          </Typography>
        )}
        <div className={classes.chips}>
          {item.productionVersion && (
            <Chip size="small" label={`prod ${item.productionVersion}`} />
          )}
          {item.gaps > 0 && (
            <Chip
              size="small"
              color="secondary"
              label={`${item.gaps} gap${item.gaps === 1 ? '' : 's'}`}
            />
          )}
          {item.openIncidents > 0 && (
            <Chip
              size="small"
              className={item.breachedIncidents > 0 ? classes.bad : undefined}
              label={`${item.openIncidents} incident${
                item.openIncidents === 1 ? '' : 's'
              }${
                item.breachedIncidents > 0
                  ? `, ${item.breachedIncidents} breached`
                  : ''
              }`}
            />
          )}
          {item.openChanges > 0 && (
            <Chip
              size="small"
              variant="outlined"
              label={`${item.openChanges} change${
                item.openChanges === 1 ? '' : 's'
              }`}
            />
          )}
        </div>
      </CardContent>
    </Card>
  );
};

/**
 * The value stream board: one column per stage with the services in it,
 * filtered by owner and system from the catalog.
 */
export const ValueStreamBoard = () => {
  const classes = useStyles();
  const api = useApi(valueStreamApiRef);
  const [owner, setOwner] = useState('');
  const [system, setSystem] = useState('');
  const owners = useCatalogOptions(['Group']);
  const systems = useCatalogOptions(['System']);

  const { value, loading, error } = useAsync(
    () =>
      api.getBoard({
        owner: owner || undefined,
        system: system || undefined,
      }),
    [api, owner, system],
  );

  return (
    <Box>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4} md={3}>
          <CatalogSelect
            id="vs-board-owner"
            label="Owner"
            emptyLabel="All owners"
            what="owners"
            value={owner}
            onChange={setOwner}
            options={owners}
          />
        </Grid>
        <Grid item xs={12} sm={4} md={3}>
          <CatalogSelect
            id="vs-board-system"
            label="System"
            emptyLabel="All systems"
            what="systems"
            value={system}
            onChange={setSystem}
            options={systems}
          />
        </Grid>
      </Grid>
      <Box mt={2}>
        {loading && <Progress />}
        {!loading && error && <ResponseErrorPanel error={error} />}
        {!loading && !error && (!value || value.length === 0) && (
          <EmptyState
            missing="content"
            title="No services on the board"
            description={
              owner || system
                ? 'No service matches these filters.'
                : 'Services appear here once the catalog holds components or systems.'
            }
          />
        )}
        {!loading && !error && value && value.length > 0 && (
          <div className={classes.columns}>
            {STAGES.map(stage => {
              const items = value.filter(item => item.stage === stage);
              return (
                <Paper
                  key={stage}
                  className={classes.column}
                  component="section"
                  aria-label={`${stageLabel(stage)} stage`}
                  elevation={0}
                >
                  <Typography variant="h6" component="h2">
                    {stageLabel(stage)}{' '}
                    <Typography component="span" color="textSecondary">
                      ({items.length})
                    </Typography>
                  </Typography>
                  {items.map(item => (
                    <ServiceCard key={item.entityRef} item={item} />
                  ))}
                </Paper>
              );
            })}
          </div>
        )}
      </Box>
    </Box>
  );
};
