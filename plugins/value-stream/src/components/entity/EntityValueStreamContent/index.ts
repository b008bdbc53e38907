export { EntityValueStreamContent } from './EntityValueStreamContent';
