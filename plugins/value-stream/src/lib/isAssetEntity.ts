import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_ASSET_TYPE } from '@valuestream/plugin-value-stream-common';

/**
 * Whether an entity is an asset: a Resource with the annotation
 * `valuestream.io/asset-type`. For `EntitySwitch.Case if` around
 * `EntityAssetCard` in a legacy entity page.
 * @public
 */
export function isAssetEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    Boolean(entity.metadata.annotations?.[ANNOTATION_ASSET_TYPE])
  );
}
