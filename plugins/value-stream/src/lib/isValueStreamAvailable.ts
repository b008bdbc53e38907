import type { Entity } from '@backstage/catalog-model';

/**
 * Whether the Value Stream tab and cards apply to an entity: components
 * and systems, the services of the value stream. For `EntitySwitch.Case if`
 * in a legacy entity page.
 * @public
 */
export function isValueStreamAvailable(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kind === 'component' || kind === 'system';
}
