import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ReactNode } from 'react';
import { Box, List, ListItem, Typography } from '@material-ui/core';
import { DetailsTable, type DetailRow } from '../../primitives/DetailsTable';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { RELATION_DEPENDENCY_OF } from '@backstage/catalog-model';
import {
  ANNOTATION_ASSET_TYPE,
  assetFieldsOf,
  annualAssetCost,
  parseAssetCost,
} from '@valuestream/plugin-value-stream-common';
import { daysUntil, formatMoney } from '../../../lib/assets';
import { formatDate } from '../../../lib/format';
import { ExpiryChip } from '../ExpiryChip';
import { valueLabels } from '../../../lib/labels';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

function costOf(t: ValueStreamT, value?: string): ReactNode {
  if (!value) {
    return '—';
  }
  const cost = parseAssetCost(value);
  if (!cost) {
    return t('assetCard.invalidCost', { value });
  }
  const { costLabel } = valueLabels(t);
  const annual = annualAssetCost(cost);
  return annual !== undefined && cost.period !== 'year'
    ? t('assetCard.costWithAnnual', {
        cost: costLabel(cost),
        annual: formatMoney(annual, cost.currency),
      })
    : costLabel(cost);
}

function expiryOf(value?: string): ReactNode {
  if (!value) {
    return '—';
  }
  const days = daysUntil(value);
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <span>{formatDate(value)}</span>
      {days !== undefined && <ExpiryChip days={days} />}
    </Box>
  );
}

/**
 * A card for an asset (a Resource with `valuestream.io/asset-type`): its
 * type, vendor, cost, expiry with the days left, seats, owner and the
 * entities that depend on it.
 */
export const EntityAssetCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  const { entity } = useEntity();
  const { type, vendor, cost, expires, seats, owner } = assetFieldsOf(entity);

  if (!type) {
    return (
      <InfoCard title={t('assetCard.title')}>
        <EmptyState
          missing="info"
          title={t('assetCard.notAssetTitle')}
          description={t('assetCard.notAssetDescription', {
            annotation: ANNOTATION_ASSET_TYPE,
          })}
        />
      </InfoCard>
    );
  }

  const dependents = (entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDENCY_OF)
    .map(r => r.targetRef);

  const rows: DetailRow[] = [
    [t('assetCard.type'), enumLabel('assetType', type)],
    [t('assetCard.vendor'), vendor ?? '—'],
    [t('assetCard.cost'), costOf(t, cost)],
    [t('assetCard.expires'), expiryOf(expires)],
    [t('assetCard.seats'), seats ?? '—'],
    [
      t('assetCard.owner'),
      owner ? <EntityRefLink entityRef={owner} /> : t('assetCard.noOwner'),
    ],
  ];

  return (
    <InfoCard title={t('assetCard.title')}>
      <DetailsTable label={t('assetCard.details')} rows={rows} />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          {t('assetCard.dependentsCount', {
            total: String(dependents.length),
          })}
        </Typography>
        {dependents.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            {t('assetCard.noDependents')}
          </Typography>
        ) : (
          <List dense disablePadding aria-label={t('assetCard.dependents')}>
            {dependents.map(ref => (
              <ListItem key={ref} disableGutters>
                <EntityRefLink entityRef={ref} />
              </ListItem>
            ))}
          </List>
        )}
      </Box>
    </InfoCard>
  );
};
