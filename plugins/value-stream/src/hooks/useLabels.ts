import { useMemo } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { valueLabels, type ValueLabels } from '../lib/labels';
import { valueStreamTranslationRef } from '../translation';

/**
 * Labels of stages, record states and other API values in the user's
 * language; see {@link valueLabels}.
 */
export function useLabels(): ValueLabels {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return useMemo(() => valueLabels(t), [t]);
}
