import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box, Button } from '@material-ui/core';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link LoadMore}. */
export interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  /** Accessible name, for a page with several lists, e.g. `Load more in Build`. */
  label?: string;
}

/** The "Load more" button under a cursor-paginated list. */
export const LoadMore = ({
  hasMore,
  loading,
  onLoadMore,
  label,
}: LoadMoreProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return hasMore ? (
    <Box display="flex" justifyContent="center" mt={1}>
      <Button onClick={onLoadMore} disabled={loading} aria-label={label}>
        {t('forms.loadMore')}
      </Button>
    </Box>
  ) : null;
};
