import { screen } from '@testing-library/react';
import { summary } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntityValueStreamStageCard } from './EntityValueStreamStageCard';

describe('EntityValueStreamStageCard', () => {
  it('shows the stage, its progress and the gaps', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockResolvedValue(summary({ stage: 'design', stageSince: undefined })),
    });
    await renderWithApis(<EntityValueStreamStageCard />, { api });
    expect(await screen.findByText('Design')).toBeInTheDocument();
    expect(screen.getByText('Stage 2 of 7')).toBeInTheDocument();
    expect(
      screen.getByText('2 of 3 criteria met to move to Build'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'In design without an agreed service level',
    );
  });

  it('shows the error of a failed load', async () => {
    const api = fakeValueStreamApi({
      getSummary: jest
        .fn()
        .mockRejectedValue(await responseError(404, 'NotFoundError', 'no')),
    });
    await renderWithApis(<EntityValueStreamStageCard />, { api });
    expect(
      await screen.findByText(/Request failed with 404/),
    ).toBeInTheDocument();
  });
});
