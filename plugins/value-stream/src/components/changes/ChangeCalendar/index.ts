export { ChangeCalendar } from './ChangeCalendar';
export type { ChangeCalendarProps } from './ChangeCalendar';
