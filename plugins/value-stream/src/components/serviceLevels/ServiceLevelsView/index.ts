export { ServiceLevelsView } from './ServiceLevelsView';
