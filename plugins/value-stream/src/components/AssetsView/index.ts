export { AssetsView } from './AssetsView';
