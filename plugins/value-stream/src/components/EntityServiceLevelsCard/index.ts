export { EntityServiceLevelsCard } from './EntityServiceLevelsCard';
