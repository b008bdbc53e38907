import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { LoadMore } from './LoadMore';

describe('LoadMore', () => {
  it('loads the next page when there is one', async () => {
    const onLoadMore = jest.fn();
    const { rerender } = await renderInTestApp(
      <LoadMore hasMore loading={false} onLoadMore={onLoadMore} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalled();
    rerender(
      <LoadMore hasMore={false} loading={false} onLoadMore={onLoadMore} />,
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('takes the name of its list when a page has several', async () => {
    await renderInTestApp(
      <LoadMore
        hasMore
        loading
        label="Load more in Build"
        onLoadMore={jest.fn()}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Load more in Build' }),
    ).toBeDisabled();
  });
});
