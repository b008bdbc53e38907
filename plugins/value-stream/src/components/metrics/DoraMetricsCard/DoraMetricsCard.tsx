import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useDeferredAsync } from '../../../hooks/useDeferredAsync';
import { valueStreamApiRef } from '../../../api';
import { formatDate } from '../../../lib/format';
import { AsyncContent } from '../../primitives/AsyncContent';
import { DoraMetricsPanel, hasDoraData } from '../DoraMetricsPanel';
import { valueStreamTranslationRef } from '../../../translation';

/**
 * Props of `EntityDoraMetricsCard`.
 * @public
 */
export interface DoraMetricsCardProps {
  /** Lay the metrics out two by two instead of in one row. */
  dense?: boolean;
}

/**
 * The DORA metrics of the entity on the current entity page (of all its
 * services, for a system) over the last 90 days, with weekly trends.
 */
export const DoraMetricsCard = ({ dense }: DoraMetricsCardProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(valueStreamApiRef);
  const isSystem = entity.kind.toLocaleLowerCase('en-US') === 'system';
  const { value, loading, error } = useDeferredAsync(
    () =>
      api.getMetrics(
        // A system's metrics cover the services that are part of it.
        isSystem
          ? { system: entityRef, bucket: 'week' }
          : { entityRef, bucket: 'week' },
      ),
    [api, entityRef, isSystem],
  );

  return (
    <InfoCard
      title={t('entityCards.doraTitle')}
      subheader={
        value
          ? `${formatDate(value.window.from)} – ${formatDate(value.window.to)}`
          : undefined
      }
    >
      <AsyncContent
        loading={loading}
        error={error}
        value={value}
        isEmpty={report => !hasDoraData(report)}
        emptyTitle={t('entityCards.noDeliveryTitle')}
        emptyDescription={t('entityCards.noDeliveryDescription')}
      >
        {report => <DoraMetricsPanel report={report} dense={dense} />}
      </AsyncContent>
    </InfoCard>
  );
};
