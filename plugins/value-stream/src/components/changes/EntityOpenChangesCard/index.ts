export { EntityOpenChangesCard } from './EntityOpenChangesCard';
