import { Suspense, lazy } from 'react';
import { Box } from '@material-ui/core';
import { Progress } from '@backstage/core-components';

const StageBarsChart = lazy(() =>
  import('./StageBarsChart').then(m => ({ default: m.StageBarsChart })),
);

/** Props of {@link StageBars}. */
export interface StageBarsProps<K extends string> {
  /** One entry per stage: its label as `name`, and the value under `dataKey`. */
  data: Array<{ name: string } & Record<K, number | null>>;
  dataKey: K;
  /** What a bar measures, in its tooltip. */
  label: string;
  /** Unit of the values in the tooltip, e.g. `days`. */
  unit?: string;
  /** Unit on the value axis, e.g. `d`. */
  axisUnit?: string;
  decimals?: boolean;
  color?: 'primary' | 'secondary';
  height: number;
}

/**
 * A bar per value stream stage. The chart library loads on first use, after
 * the figures around it are on screen; a progress bar holds its place.
 */
export const StageBars = <K extends string>(props: StageBarsProps<K>) => (
  <Suspense
    fallback={
      <Box height={props.height}>
        <Progress />
      </Box>
    }
  >
    <StageBarsChart {...props} />
  </Suspense>
);
