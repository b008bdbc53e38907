export { EventsView } from './EventsView';
