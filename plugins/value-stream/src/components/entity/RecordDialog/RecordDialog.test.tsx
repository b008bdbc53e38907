import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  change,
  impact,
  incident,
  problem,
} from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { RecordDialog } from './RecordDialog';

describe('RecordDialog', () => {
  it('loads and shows a record with its history', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest.fn().mockResolvedValue(change()),
      getImpact: jest.fn().mockResolvedValue(impact()),
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
    expect(
      await screen.findByRole('list', { name: 'Impacted, 2 hops away' }),
    ).toHaveTextContent('Mobile app');
    expect(screen.getByText(/What this change may affect/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it("explains a change's risk and shows what each edit changed", async () => {
    const api = fakeValueStreamApi({
      getRecord: jest.fn().mockResolvedValue(
        change({
          riskFactors: [
            { id: 'type', points: 15, reason: 'normal change' },
            { id: 'dependents', points: 27, reason: '9 dependent services' },
          ],
          history: [
            {
              at: '2025-01-10T09:00:00.000Z',
              by: 'user:default/sam.lee',
              from: null,
              to: 'new',
            },
            {
              at: '2025-01-11T09:00:00.000Z',
              by: 'user:default/sam.lee',
              from: 'scheduled',
              to: 'authorize',
              note: 'Approvals voided: plannedEnd changed after the decision; the change needs approval again',
              changes: [
                {
                  field: 'title',
                  before: 'Upgrade SDK',
                  after: 'Upgrade payment SDK',
                },
                {
                  field: 'approvals',
                  before: [
                    { approver: 'user:default/ann', decision: 'approved' },
                  ],
                  after: [],
                },
                { field: 'riskScore', before: 37, after: 42 },
              ],
            },
          ],
        }),
      ),
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(
      <RecordDialog collection="changes" id="chg-1" open onClose={jest.fn()} />,
      { api },
    );
    const factors = await screen.findByRole('list', { name: 'Risk factors' });
    expect(factors).toHaveTextContent('normal change: +15');
    expect(factors).toHaveTextContent('9 dependent services: +27');
    const edits = screen.getByRole('list', { name: 'Fields changed' });
    expect(edits).toHaveTextContent('title: Upgrade SDK → Upgrade payment SDK');
    expect(edits).toHaveTextContent('approvals: user:default/ann approved → —');
    expect(edits).toHaveTextContent('riskScore: 37 → 42');
    expect(screen.getByRole('table', { name: 'History' })).toHaveTextContent(
      /Approvals voided/,
    );
  });

  it('shows what a change or an incident impacts', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest.fn().mockResolvedValue(incident()),
      getImpact: jest.fn().mockResolvedValue(impact()),
    });
    await renderWithApis(
      <RecordDialog
        collection="incidents"
        id="inc-1"
        open
        onClose={jest.fn()}
      />,
      { api },
    );
    expect(
      await screen.findByRole('list', { name: 'Impacted, 1 hop away' }),
    ).toHaveTextContent('Storefront');
    expect(api.getImpact).toHaveBeenCalledWith('component:default/checkout', 3);
    expect(
      screen.getByText(/What this incident may affect/),
    ).toBeInTheDocument();
  });

  it('has no impact section for other records', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest.fn().mockResolvedValue(problem()),
    });
    await renderWithApis(
      <RecordDialog
        collection="problems"
        id="prb-1"
        open
        onClose={jest.fn()}
      />,
      { api },
    );
    expect(
      await screen.findByRole('table', { name: 'Record details' }),
    ).toBeInTheDocument();
    expect(api.getImpact).not.toHaveBeenCalled();
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

  it('shows who still has to decide on a change, and the model of a standard one', async () => {
    const api = fakeValueStreamApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(
          change({ type: 'standard', standardChangeModelId: 'm-1' }),
        ),
      getImpact: jest.fn().mockResolvedValue(impact()),
      getChangeApprovalStatus: jest.fn().mockResolvedValue({
        preAuthorized: true,
        riskLevel: 'low',
        requirements: [],
        complete: true,
      }),
      getStandardChangeModel: jest
        .fn()
        .mockResolvedValue({ id: 'm-1', name: 'Patch the runtime' }),
    });
    await renderWithApis(
      <RecordDialog collection="changes" id="chg-1" open onClose={jest.fn()} />,
      { api },
    );
    const details = await screen.findByRole('table', {
      name: 'Record details',
    });
    expect(
      await screen.findByText(
        'Pre-authorized by its standard-change model: nobody decides on it.',
      ),
    ).toBeInTheDocument();
    expect(details).toHaveTextContent('Still to decide');
    expect(await screen.findByText('Patch the runtime')).toBeInTheDocument();
    expect(api.getStandardChangeModel).toHaveBeenCalledWith('m-1');
  });
});
