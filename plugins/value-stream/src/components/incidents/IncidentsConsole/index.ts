export { IncidentsConsole } from './IncidentsConsole';
