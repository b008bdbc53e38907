import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { PagedRecords } from '../../../hooks/usePaged';
import { PagedList } from './PagedList';

function list(overrides: Partial<PagedRecords<string>>): PagedRecords<string> {
  return {
    items: [],
    loading: false,
    hasMore: false,
    loadMore: jest.fn(),
    reload: jest.fn(),
    ...overrides,
  };
}

const content = (items: string[]) => <p>{items.join(', ')}</p>;

describe('PagedList', () => {
  it('shows the items and loads more', async () => {
    const paged = list({ items: ['a', 'b'], hasMore: true });
    await renderInTestApp(
      <PagedList list={paged} emptyTitle="Nothing">
        {content}
      </PagedList>,
    );
    expect(screen.getByText('a, b')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(paged.loadMore).toHaveBeenCalled();
  });

  it('shows the empty state once loaded, also for a narrowed list', async () => {
    await renderInTestApp(
      <PagedList list={list({ items: ['a'] })} shown={[]} emptyTitle="Nothing">
        {content}
      </PagedList>,
    );
    expect(screen.getByText('Nothing')).toBeInTheDocument();
    expect(screen.queryByText('a')).not.toBeInTheDocument();
  });

  it('keeps the items read so far under the error of a later page', async () => {
    await renderInTestApp(
      <PagedList
        list={list({ items: ['a'], error: new Error('boom') })}
        emptyTitle="Nothing"
      >
        {content}
      </PagedList>,
    );
    expect(screen.getAllByText(/boom/).length).toBeGreaterThan(0);
    expect(screen.getByText('a')).toBeInTheDocument();
  });
});
