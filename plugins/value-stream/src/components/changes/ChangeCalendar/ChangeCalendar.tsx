import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  ButtonGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { DateTime, Interval } from 'luxon';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  MAX_CALENDAR_ENTITIES,
  type ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import {
  collisionsOf,
  freezesOn,
  maintenanceOn,
  shortRef,
} from './calendarMarks';
import { secondaryTextColor, textOn, toneColor } from '../../primitives/tones';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  theme => ({
    table: { tableLayout: 'fixed' },
    cell: {
      verticalAlign: 'top',
      height: 96,
      padding: theme.spacing(0.5),
      borderRight: `1px solid ${theme.palette.divider}`,
    },
    // Days of the next and previous month: a shaded cell, never faded text.
    outside: { backgroundColor: theme.palette.action.hover },
    outsideDay: { color: secondaryTextColor(theme) },
    today: { backgroundColor: theme.palette.action.selected },
    entry: {
      display: 'block',
      fontSize: '0.75rem',
      padding: '1px 4px',
      marginTop: 2,
      borderRadius: 4,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      backgroundColor: theme.palette.primary.main,
      color: theme.palette.primary.contrastText,
    },
    emergency: {
      backgroundColor: toneColor(theme, 'bad'),
      color: textOn(theme, toneColor(theme, 'bad')),
    },
    // A collision: a dashed outline and a mark, not colour alone.
    collision: {
      outline: `2px dashed ${toneColor(theme, 'bad')}`,
      outlineOffset: -2,
    },
    // A frozen day: hatched, and labelled.
    frozen: {
      backgroundImage: `repeating-linear-gradient(135deg, transparent 0 6px, ${theme.palette.action.hover} 6px 12px)`,
    },
    mark: {
      display: 'block',
      fontSize: '0.7rem',
      lineHeight: 1.3,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
    freezeMark: { color: toneColor(theme, 'bad'), fontWeight: 600 },
    maintenanceMark: {
      color: secondaryTextColor(theme),
      borderLeft: `3px solid ${toneColor(theme, 'good')}`,
      paddingLeft: 3,
    },
  }),
  { name: 'ValueStreamChangeCalendar' },
);

/** Props of {@link ChangeCalendar}. */
export interface ChangeCalendarProps {
  changes: ChangeRecord[];
  /** The date the calendar opens on; today when absent. */
  initialDate?: string;
  /** The view the calendar opens with. */
  initialMode?: 'week' | 'month';
}

/** The planned window of a change; one hour when only the start is known. */
function windowOf(change: ChangeRecord): Interval | undefined {
  if (!change.plannedStart) {
    return undefined;
  }
  const start = DateTime.fromISO(change.plannedStart);
  const end = change.plannedEnd
    ? DateTime.fromISO(change.plannedEnd)
    : start.plus({ hours: 1 });
  const interval = Interval.fromDateTimes(start, end);
  return interval.isValid ? interval : undefined;
}

/**
 * A week or month calendar of the planned windows of changes, to spot
 * collisions and plan around freeze periods: it draws the freeze windows
 * and the maintenance windows of the changes' services over the days it
 * shows, and marks each change that collides with another.
 */
export const ChangeCalendar = ({
  changes,
  initialDate,
  initialMode = 'month',
}: ChangeCalendarProps) => {
  const classes = useStyles();
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel, stateLabel, windowLabel } = useLabels();
  const [mode, setMode] = useState<'week' | 'month'>(initialMode);
  const [anchor, setAnchor] = useState<DateTime>(() =>
    initialDate ? DateTime.fromISO(initialDate) : DateTime.now(),
  );

  const rangeStart =
    mode === 'week'
      ? anchor.startOf('week')
      : anchor.startOf('month').startOf('week');
  const rangeEnd =
    mode === 'week'
      ? anchor.endOf('week')
      : anchor.endOf('month').endOf('week');
  const days: DateTime[] = [];
  for (let d = rangeStart; d <= rangeEnd; d = d.plus({ days: 1 })) {
    days.push(d);
  }
  const weeks: DateTime[][] = [];
  for (let i = 0; i < days.length; i += 7) {
    weeks.push(days.slice(i, i + 7));
  }

  const planned = changes
    .map(change => ({ change, window: windowOf(change) }))
    .filter((c): c is { change: ChangeRecord; window: Interval } =>
      Boolean(c.window),
    );

  const dayOf = (day: DateTime) =>
    Interval.fromDateTimes(day.startOf('day'), day.endOf('day'));
  const onDay = (day: DateTime) =>
    planned.filter(c => c.window.overlaps(dayOf(day)));

  const api = useApi(valueStreamApiRef);
  const from = rangeStart.startOf('day').toUTC().toISO()!;
  const to = rangeEnd.endOf('day').plus({ milliseconds: 1 }).toUTC().toISO()!;
  const refsKey = [...new Set(planned.map(c => c.change.entityRef))]
    .sort()
    .slice(0, MAX_CALENDAR_ENTITIES)
    .join(',');
  const windows = useAsync(
    () =>
      api.getChangeCalendar({
        from,
        to,
        entityRefs: refsKey ? refsKey.split(',') : [],
      }),
    [api, from, to, refsKey],
  );
  const collisions = useMemo(() => collisionsOf(changes), [changes]);

  const step = mode === 'week' ? { weeks: 1 } : { months: 1 };
  const heading =
    mode === 'week'
      ? t('calendar.weekOf', {
          date: rangeStart.toLocaleString(DateTime.DATE_MED),
        })
      : anchor.toFormat('LLLL yyyy');
  const today = DateTime.now().toISODate();
  const unplanned = changes.length - planned.length;

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
        mb={1}
      >
        <ButtonGroup size="small" aria-label={t('calendar.view')}>
          <Button
            variant={mode === 'week' ? 'contained' : 'outlined'}
            aria-pressed={mode === 'week'}
            onClick={() => setMode('week')}
          >
            {t('calendar.week')}
          </Button>
          <Button
            variant={mode === 'month' ? 'contained' : 'outlined'}
            aria-pressed={mode === 'month'}
            onClick={() => setMode('month')}
          >
            {t('calendar.month')}
          </Button>
        </ButtonGroup>
        <ButtonGroup size="small" aria-label={t('calendar.navigation')}>
          <Button onClick={() => setAnchor(a => a.minus(step))}>
            {t('calendar.previous')}
          </Button>
          <Button onClick={() => setAnchor(DateTime.now())}>
            {t('calendar.today')}
          </Button>
          <Button onClick={() => setAnchor(a => a.plus(step))}>
            {t('calendar.next')}
          </Button>
        </ButtonGroup>
        <Typography variant="h6" component="h3" aria-live="polite">
          {heading}
        </Typography>
      </Box>
      <Table
        size="small"
        className={classes.table}
        aria-label={t('calendar.label', { heading })}
      >
        <TableHead>
          <TableRow>
            {weeks[0].map(day => (
              <TableCell key={day.toISODate()}>{day.toFormat('ccc')}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {weeks.map(week => (
            <TableRow key={week[0].toISODate()}>
              {week.map(day => {
                const entries = onDay(day);
                const freezes = freezesOn(windows.value, dayOf(day));
                const outside = mode === 'month' && day.month !== anchor.month;
                return (
                  <TableCell
                    key={day.toISODate()}
                    className={[
                      classes.cell,
                      outside ? classes.outside : '',
                      day.toISODate() === today ? classes.today : '',
                      freezes.length > 0 ? classes.frozen : '',
                    ].join(' ')}
                    aria-label={day.toLocaleString(DateTime.DATE_FULL)}
                  >
                    <Typography
                      variant="caption"
                      className={outside ? classes.outsideDay : undefined}
                    >
                      {day.day}
                    </Typography>
                    {freezes.map(freeze => (
                      <Tooltip
                        key={freeze.reason}
                        title={t('calendar.freezeDetail', {
                          reason: freeze.reason,
                          window: windowLabel(freeze.start, freeze.end),
                        })}
                      >
                        <span
                          className={`${classes.mark} ${classes.freezeMark}`}
                        >
                          {t('calendar.freeze', { reason: freeze.reason })}
                        </span>
                      </Tooltip>
                    ))}
                    {maintenanceOn(windows.value, dayOf(day)).map(slot => {
                      const entities = slot.entityRefs.map(shortRef).join(', ');
                      return (
                        <Tooltip
                          key={slot.time}
                          title={t('calendar.maintenanceDetail', {
                            time: slot.time,
                            entities,
                          })}
                        >
                          <span
                            className={`${classes.mark} ${classes.maintenanceMark}`}
                          >
                            {t('calendar.maintenance', {
                              time: slot.time,
                              entities,
                            })}
                          </span>
                        </Tooltip>
                      );
                    })}
                    {entries.map(({ change }) => {
                      const others = collisions.get(change.id);
                      const entry = t('calendar.entry', {
                        type: enumLabel('changeType', change.type),
                        state: stateLabel('changes', change.state),
                        window: windowLabel(
                          change.plannedStart,
                          change.plannedEnd,
                        ),
                      });
                      const collides = others
                        ? t('calendar.collidesWith', {
                            title: change.title,
                            others: others.join(', '),
                          })
                        : undefined;
                      return (
                        <Tooltip
                          key={change.id}
                          title={collides ? `${entry}. ${collides}` : entry}
                        >
                          <span
                            aria-label={collides}
                            className={[
                              classes.entry,
                              change.type === 'emergency'
                                ? classes.emergency
                                : '',
                              others ? classes.collision : '',
                            ].join(' ')}
                          >
                            {others ? `⚠ ${change.title}` : change.title}
                          </span>
                        </Tooltip>
                      );
                    })}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {unplanned > 0 && (
        <Typography variant="caption" color="textSecondary">
          {t('calendar.unplanned', { count: unplanned })}
        </Typography>
      )}
      {windows.error && (
        <Typography variant="caption" color="error" component="p">
          {t('calendar.windowsError', { message: windows.error.message })}
        </Typography>
      )}
    </Box>
  );
};
