import { ReactNode } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';

/** Props of {@link AsyncContent}. */
export interface AsyncContentProps<T> {
  loading: boolean;
  error?: Error;
  /** The loaded value; none shows the empty state. */
  value: T | undefined;
  /** Whether a loaded value has nothing to show either. */
  isEmpty?: (value: T) => boolean;
  emptyTitle: string;
  emptyDescription?: string;
  children: (value: T) => ReactNode;
}

/**
 * What a card or view shows for a value it loads: progress, the error, an
 * empty state, or the content for the value.
 */
export const AsyncContent = <T,>({
  loading,
  error,
  value,
  isEmpty,
  emptyTitle,
  emptyDescription,
  children,
}: AsyncContentProps<T>) => {
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (value === undefined || value === null || isEmpty?.(value)) {
    return (
      <EmptyState
        missing="data"
        title={emptyTitle}
        description={emptyDescription}
      />
    );
  }
  return <>{children(value)}</>;
};
