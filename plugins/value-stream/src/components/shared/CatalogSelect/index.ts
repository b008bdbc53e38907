export { CatalogSelect } from './CatalogSelect';
