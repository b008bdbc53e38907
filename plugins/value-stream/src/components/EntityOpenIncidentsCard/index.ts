export { EntityOpenIncidentsCard } from './EntityOpenIncidentsCard';
