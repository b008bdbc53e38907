import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ExpiryChip } from './ExpiryChip';

describe('ExpiryChip', () => {
  it.each([
    [12, '12 days left'],
    [1, '1 day left'],
    [0, 'Expires today'],
    [-3, 'Expired 3 days ago'],
    [120, '120 days left'],
  ])('shows %i days as "%s"', async (days, text) => {
    await renderInTestApp(<ExpiryChip days={days} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });
});
