import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { change } from '../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../__testUtils__/render';
import { RecordDialog } from './RecordDialog';

describe('RecordDialog', () => {
  it('loads and shows a record with its history', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest.fn().mockResolvedValue(change()),
    });
    const onClose = jest.fn();
    await renderWithApis(
      <RecordDialog collection="changes" id="chg-1" open onClose={onClose} />,
      { api },
    );
    expect(await screen.findByText('Upgrade payment SDK')).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('changes', 'chg-1');
    expect(
      screen.getByRole('table', { name: 'Record details' }),
    ).toHaveTextContent('Medium (42)');
    expect(screen.getByRole('table', { name: 'History' })).toHaveTextContent(
      'New',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('shows the error of a failed load', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'NotFoundError', 'No change chg-9'),
        ),
    });
    await renderWithApis(
      <RecordDialog collection="changes" id="chg-9" open onClose={jest.fn()} />,
      { api },
    );
    expect(
      await screen.findByText(/Request failed with 404/),
    ).toBeInTheDocument();
  });
});
