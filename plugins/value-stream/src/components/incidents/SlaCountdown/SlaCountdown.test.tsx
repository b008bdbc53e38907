import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { incident } from '../../../__testUtils__/fixtures';
import { SlaCountdown } from './SlaCountdown';

describe('SlaCountdown', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  beforeEach(() => {
    jest.useFakeTimers({ now });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('ticks every second', async () => {
    await renderInTestApp(
      <SlaCountdown
        incident={incident({
          sla: {
            responseDueAt: '2025-01-01T12:01:05Z',
            pausedMs: 0,
            responseBreached: false,
            resolutionBreached: false,
          },
        })}
      />,
    );
    const timer = screen.getByRole('timer', { name: 'Response SLA' });
    expect(timer).toHaveTextContent('Response due in 1m 05s');
    expect(timer).toHaveAttribute('data-breached', 'false');

    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(timer).toHaveTextContent('Response due in 1m 04s');
  });

  it('turns red once the target passes', async () => {
    await renderInTestApp(
      <SlaCountdown
        incident={incident({
          state: 'in_progress',
          sla: {
            respondedAt: '2025-01-01T10:00:00Z',
            resolutionDueAt: '2025-01-01T12:00:01Z',
            pausedMs: 0,
            responseBreached: false,
            resolutionBreached: false,
          },
        })}
      />,
    );
    const timer = screen.getByRole('timer', { name: 'Resolution SLA' });
    expect(timer).toHaveAttribute('data-breached', 'false');
    act(() => {
      jest.advanceTimersByTime(3000);
    });
    expect(timer).toHaveTextContent('Resolution overdue by 2s');
    expect(timer).toHaveAttribute('data-breached', 'true');
  });

  it('says when a running resolution clock is red for a late response', async () => {
    await renderInTestApp(
      <SlaCountdown
        incident={incident({
          state: 'in_progress',
          sla: {
            respondedAt: '2025-01-01T11:00:00Z',
            resolutionDueAt: '2025-01-01T14:00:00Z',
            pausedMs: 0,
            responseBreached: true,
            resolutionBreached: false,
          },
        })}
      />,
    );
    const timer = screen.getByRole('timer', { name: 'Resolution SLA' });
    expect(timer).toHaveTextContent(
      'Resolution due in 2h 00m 00s (response target missed)',
    );
    expect(timer).toHaveAttribute('data-breached', 'true');
  });

  it('shows a paused clock and a finished one', async () => {
    const { rerender } = await renderInTestApp(
      <SlaCountdown
        incident={incident({
          waitingOnReporter: true,
          sla: {
            responseDueAt: '2025-01-01T12:30:00Z',
            pausedAt: '2025-01-01T11:30:00Z',
            pausedMs: 0,
            responseBreached: false,
            resolutionBreached: false,
          },
        })}
      />,
    );
    expect(screen.getByRole('timer')).toHaveTextContent(
      'Response due in 1h 00m 00s (paused, waiting on reporter)',
    );
    rerender(
      <SlaCountdown
        incident={incident({
          state: 'resolved',
          sla: {
            pausedMs: 0,
            responseBreached: true,
            resolutionBreached: false,
          },
        })}
      />,
    );
    expect(screen.getByText('SLA breached')).toBeInTheDocument();
  });
});
