import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { EntitySummary } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../api';

/** The value stream summary of the entity on the current entity page. */
export function useEntitySummary(): {
  entityRef: string;
  summary?: EntitySummary;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(valueStreamApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getSummary(entityRef),
    [api, entityRef],
  );
  return { entityRef, summary: value, loading, error, retry };
}
