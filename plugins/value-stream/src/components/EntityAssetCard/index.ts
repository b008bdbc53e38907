export { EntityAssetCard } from './EntityAssetCard';
