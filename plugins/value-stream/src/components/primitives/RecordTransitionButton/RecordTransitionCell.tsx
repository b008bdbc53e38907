import { TableCell } from '@material-ui/core';
import type { Collection } from '../../../api';
import {
  RecordTransitionButton,
  type RecordTransitionButtonProps,
} from './RecordTransitionButton';

/** The actions cell of a record table: the record's transition button. */
export const RecordTransitionCell = <C extends Collection>(
  props: RecordTransitionButtonProps<C>,
) => (
  <TableCell>
    <RecordTransitionButton {...props} />
  </TableCell>
);
