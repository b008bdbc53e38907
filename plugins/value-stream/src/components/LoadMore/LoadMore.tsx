import { Box, Button } from '@material-ui/core';

/** Props of {@link LoadMore}. */
export interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** The "Load more" button under a cursor-paginated list. */
export const LoadMore = ({ hasMore, loading, onLoadMore }: LoadMoreProps) =>
  hasMore ? (
    <Box display="flex" justifyContent="center" mt={1}>
      <Button onClick={onLoadMore} disabled={loading}>
        Load more
      </Button>
    </Box>
  ) : null;
