import type { CheckResult } from '@backstage-community/plugin-tech-insights-common';
import type { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ScorecardCard } from './ScorecardCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout' },
};

function result(id: string, name: string, passed: boolean): CheckResult {
  return {
    check: {
      id,
      type: 'json-rules-engine',
      name,
      description: `${name}, described`,
      factIds: ['valueStreamFactRetriever'],
    },
    facts: {},
    result: passed,
  };
}

/** The tech-insights backend's answer to the run-checks request. */
function renderCard(answer: () => Response) {
  const requests: Array<{ url: string; method?: string }> = [];
  renderInTestApp(
    <EntityProvider entity={entity}>
      <ScorecardCard />
    </EntityProvider>,
    {
      apis: [
        mockApis.discovery({ baseUrl: 'http://backend' }),
        mockApis.fetch({
          baseImplementation: async (input, init) => {
            requests.push({ url: String(input), method: init?.method });
            return answer();
          },
        }),
      ],
    },
  );
  return requests;
}

describe('ScorecardCard', () => {
  it("runs the entity's checks and shows each one passed or failed", async () => {
    const requests = renderCard(() =>
      Response.json([
        result('valueStreamAgreedServiceLevel', 'Agreed service level', true),
        result('valueStreamChangeFailureRate', 'Change failure rate', false),
      ]),
    );
    expect(await screen.findByText('1 of 2 checks passed')).toBeInTheDocument();
    expect(screen.getByText('Agreed service level, described')).toBeVisible();
    expect(
      screen.getByTestId('scorecard-check-valueStreamAgreedServiceLevel'),
    ).toHaveTextContent('Passed');
    expect(
      screen.getByTestId('scorecard-check-valueStreamChangeFailureRate'),
    ).toHaveTextContent('Failed');
    expect(requests).toEqual([
      {
        url: 'http://backend/api/tech-insights/checks/run/default/Component/checkout-service',
        method: 'POST',
      },
    ]);
  });

  it('says so when no check has a result yet', async () => {
    renderCard(() => Response.json([]));
    expect(await screen.findByText('No check results yet')).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    renderCard(() =>
      Response.json(
        { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
        { status: 403, statusText: 'Forbidden' },
      ),
    );
    expect(await screen.findByText(/Unauthorized/)).toBeInTheDocument();
  });
});
