import { Box, useTheme } from '@material-ui/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { StageBarsProps } from './StageBars';

// recharts is the largest part of the plugin's JavaScript: this module is
// only imported lazily, through StageBars.

/** The bars themselves; see {@link StageBars}. */
export const StageBarsChart = <K extends string>({
  data,
  dataKey,
  label,
  unit,
  axisUnit,
  decimals = false,
  color = 'primary',
  height,
}: StageBarsProps<K>) => {
  const theme = useTheme();
  return (
    <Box height={height} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis
            unit={axisUnit ? ` ${axisUnit}` : undefined}
            allowDecimals={decimals}
          />
          <Tooltip
            formatter={(v: number) => [`${v} ${unit ?? ''}`.trim(), label]}
          />
          <Bar dataKey={dataKey} fill={theme.palette[color].main} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};
