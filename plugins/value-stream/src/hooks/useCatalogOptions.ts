import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';

/** One catalog entity to pick in a filter. */
export interface CatalogOption {
  ref: string;
  title: string;
}

/**
 * Entities of the given kinds from the catalog, as options of a filter,
 * sorted by title. A failed lookup gives no options and its error.
 */
export function useCatalogOptions(kinds: string[]): {
  options: CatalogOption[];
  loading: boolean;
  error?: Error;
} {
  const catalogApi = useApi(catalogApiRef);
  const key = kinds.join(',');
  const { value, loading, error } = useAsync(async () => {
    const response = await catalogApi.getEntities({
      filter: { kind: key.split(',') },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return response.items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi, key]);
  return { options: value ?? [], loading, error };
}
