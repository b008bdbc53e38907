import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { useLabels } from '../../../hooks/useLabels';
import { StateChip } from './StateChip';

const Chips = () => {
  const { stateLabel, enumLabel } = useLabels();
  return (
    <>
      <StateChip
        value="known_error"
        label={stateLabel('problems', 'known_error')}
      />
      <StateChip value="P1" label={enumLabel('priority', 'P1')} />
      <StateChip value="normal" label="Normal change" />
    </>
  );
};

describe('StateChip', () => {
  it('shows states in words and priorities as they are', async () => {
    await renderInTestApp(<Chips />);
    expect(screen.getByText('Known error')).toBeInTheDocument();
    expect(screen.getByText('P1')).toBeInTheDocument();
    expect(screen.getByText('Normal change')).toBeInTheDocument();
  });
});
