import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { valueStreamApiRef } from '../../../api';

/** The name of a standard-change model, its id until it is read. */
export const StandardChangeModelName = ({ id }: { id: string }) => {
  const api = useApi(valueStreamApiRef);
  const { value } = useAsync(() => api.getStandardChangeModel(id), [api, id]);
  return <>{value?.name ?? id}</>;
};
