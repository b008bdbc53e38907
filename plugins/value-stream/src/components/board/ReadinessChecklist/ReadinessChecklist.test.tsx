import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { summary } from '../../../__testUtils__/fixtures';
import { ReadinessChecklist, gapMessage } from './ReadinessChecklist';
import { valueStreamTranslationRef } from '../../../translation';

describe('ReadinessChecklist', () => {
  it('shows gaps as warnings and evidence as links', async () => {
    const onOpenRecord = jest.fn();
    await renderInTestApp(
      <ReadinessChecklist
        checklist={summary().checklist}
        stage="operate"
        onOpenRecord={onOpenRecord}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Operating without an agreed service level',
    );
    const design = screen.getByRole('list', { name: 'Design exit criteria' });
    expect(
      within(design).getByText('An agreed service level'),
    ).toBeInTheDocument();
    expect(within(design).getByTitle('Gap')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: /TechDocs/ })).toHaveAttribute(
      'href',
      'https://docs.example.com/checkout',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Upgrade payment SDK' }),
    );
    expect(onOpenRecord).toHaveBeenCalledWith({
      label: 'Upgrade payment SDK',
      recordType: 'change',
      recordId: 'chg-1',
    });
    expect(
      screen.getByRole('list', { name: 'Operate exit criteria' }),
    ).toHaveTextContent('(current stage)');
  });

  it('words gaps by stage', () => {
    const snapshot = mockApis
      .translation()
      .getTranslation(valueStreamTranslationRef);
    if (!snapshot.ready) {
      throw new Error('The default messages are always ready');
    }
    const { t } = snapshot;
    expect(gapMessage(t, 'operate', 'An agreed service level')).toBe(
      'Operating without an agreed service level',
    );
    expect(gapMessage(t, 'test', 'A planned release')).toBe(
      'In test without a planned release',
    );
  });
});
