import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Typography } from '@material-ui/core';
import type { ChangeRecord } from '@valuestream/plugin-value-stream-common';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link RiskFactors}. */
export interface RiskFactorsProps {
  change: Pick<ChangeRecord, 'riskFactors'>;
}

/**
 * Why a change scores the risk it does: each factor with its points, as the
 * backend stored them with the score. Nothing for a change assessed before
 * the factors were kept.
 */
export const RiskFactors = ({ change }: RiskFactorsProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const factors = change.riskFactors;
  if (!factors) {
    return null;
  }
  if (factors.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('risk.noFactors')}
      </Typography>
    );
  }
  return (
    <ul aria-label={t('risk.factors')} style={{ margin: 0, paddingLeft: 20 }}>
      {factors.map(factor => (
        <li key={factor.id}>
          <Typography variant="body2" component="span">
            {t('risk.factor', {
              reason: factor.reason,
              points: String(factor.points),
            })}
          </Typography>
        </li>
      ))}
    </ul>
  );
};
