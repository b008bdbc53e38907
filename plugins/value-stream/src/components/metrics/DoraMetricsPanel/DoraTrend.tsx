import { Box, useTheme } from '@material-ui/core';
import {
  Bar,
  BarChart,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
} from 'recharts';
import type { MetricsBucket, MetricsTrendPoint } from '../../../api';
import { bucketLabel } from '../../../lib/metrics';

// The trend charts of the DORA tiles, in a module of their own so that
// recharts (most of the tab's JavaScript) loads after the figures, not
// before them: see the lazy import in DoraMetricsPanel.

/** How a trend is drawn. */
export type TrendKind = 'bar' | 'line';

/** Props of {@link DoraTrend}. */
export interface DoraTrendProps {
  points: MetricsTrendPoint[];
  bucket: MetricsBucket;
  kind: TrendKind;
  convert: (v: number | null) => number | null;
  unit: string;
}

/** A small bar or line chart of a metric per bucket. */
export const DoraTrend = ({
  points,
  bucket,
  kind,
  convert,
  unit,
}: DoraTrendProps) => {
  const theme = useTheme();
  if (points.length === 0) {
    return null;
  }
  const data = points.map(p => ({
    name: bucketLabel(p.bucket, bucket),
    value: convert(p.value),
  }));
  const tooltip = (
    <Tooltip
      formatter={(v: number) => [`${v}${unit}`, '']}
      separator=""
      labelStyle={{ color: theme.palette.text.primary }}
    />
  );
  return (
    <Box height={72} mt={1} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'bar' ? (
          <BarChart
            data={data}
            margin={{ top: 4, right: 4, bottom: 0, left: 4 }}
          >
            <XAxis dataKey="name" hide />
            {tooltip}
            <Bar dataKey="value" fill={theme.palette.primary.main} />
          </BarChart>
        ) : (
          <LineChart
            data={data}
            margin={{ top: 4, right: 4, bottom: 0, left: 4 }}
          >
            <XAxis dataKey="name" hide />
            {tooltip}
            <Line
              type="monotone"
              dataKey="value"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </ResponsiveContainer>
    </Box>
  );
};
