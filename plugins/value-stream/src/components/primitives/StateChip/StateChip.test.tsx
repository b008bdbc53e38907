import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { StateChip } from './StateChip';

describe('StateChip', () => {
  it('shows states in words and priorities as they are', async () => {
    await renderInTestApp(
      <>
        <StateChip value="known_error" />
        <StateChip value="P1" />
        <StateChip value="normal" label="Normal change" />
      </>,
    );
    expect(screen.getByText('Known error')).toBeInTheDocument();
    expect(screen.getByText('P1')).toBeInTheDocument();
    expect(screen.getByText('Normal change')).toBeInTheDocument();
  });
});
