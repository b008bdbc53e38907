import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { AsyncContent } from './AsyncContent';

const content = (items: string[]) => <p>{items.join(', ')}</p>;

describe('AsyncContent', () => {
  it('shows the content of a loaded value', async () => {
    await renderInTestApp(
      <AsyncContent loading={false} value={['a', 'b']} emptyTitle="Nothing">
        {content}
      </AsyncContent>,
    );
    expect(screen.getByText('a, b')).toBeInTheDocument();
  });

  it('shows the empty state for no value or an empty one', async () => {
    await renderInTestApp(
      <AsyncContent
        loading={false}
        value={[] as string[]}
        isEmpty={items => items.length === 0}
        emptyTitle="Nothing"
        emptyDescription="Nothing at all"
      >
        {content}
      </AsyncContent>,
    );
    expect(screen.getByText('Nothing')).toBeInTheDocument();
    expect(screen.getByText('Nothing at all')).toBeInTheDocument();
  });

  it('shows the error instead of the content', async () => {
    await renderInTestApp(
      <AsyncContent
        loading={false}
        error={new Error('boom')}
        value={['a']}
        emptyTitle="Nothing"
      >
        {content}
      </AsyncContent>,
    );
    expect(screen.getAllByText(/boom/).length).toBeGreaterThan(0);
    expect(screen.queryByText('a')).not.toBeInTheDocument();
  });
});
