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

// The bar chart of TimeInStageChart, in a module of their own so that
// recharts loads after the tab's figures, not before them: see the lazy
// import in TimeInStageChart.

/** Props of {@link TimeInStageBars}. */
export interface TimeInStageBarsProps {
  data: { name: string; days: number }[];
}

/** The days spent in each stage as bars. */
export const TimeInStageBars = ({ data }: TimeInStageBarsProps) => {
  const theme = useTheme();
  return (
    <Box height={240} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis unit=" d" allowDecimals />
          <Tooltip formatter={(v: number) => [`${v} days`, 'Time in stage']} />
          <Bar dataKey="days" fill={theme.palette.primary.main} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};
