export { EntityValueStreamStageCard } from './EntityValueStreamStageCard';
