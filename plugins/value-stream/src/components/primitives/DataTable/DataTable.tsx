import { Table, TableProps, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(
  {
    // Backstage's theme lets every table cell break inside a word, so a
    // narrow column reads "Priorit|y" or "bron|ze". Backstage's own Table
    // resets it for its headers; here whole words stay whole in every cell,
    // and only a word longer than its column is broken.
    root: {
      '& th, & td': { wordBreak: 'normal', overflowWrap: 'break-word' },
    },
  },
  { name: 'ValueStreamDataTable' },
);

/** MUI's Table for the plugin's record tables, with whole words in cells. */
export const DataTable = ({ className, ...props }: TableProps) => {
  const classes = useStyles();
  return (
    <Table
      {...props}
      className={className ? `${classes.root} ${className}` : classes.root}
    />
  );
};
