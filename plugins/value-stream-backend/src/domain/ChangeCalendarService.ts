import {
  type ChangeCalendarWindows,
  type EntityMaintenance,
  maintenanceOccurrences,
  maintenanceWindowsOf,
  overlappingFreezes,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamSettings } from '../settings';
import type { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';

/** The change calendar's query, as `changeCalendarQuerySchema` parses it. */
export interface CalendarRange {
  from: string;
  to: string;
  /** Lower-case entity refs. */
  entityRef: string[];
}

/**
 * What the change calendar draws besides the changes: the configured freeze
 * windows and the maintenance windows (annotation, else config) of the
 * entities it is asked about, over its range. Entities the caller may not
 * read are left out, as the catalog answers on their behalf.
 */
export class ChangeCalendarService {
  readonly #catalog: CatalogGateway;
  readonly #settings: Pick<
    ValueStreamSettings,
    'freezeWindows' | 'maintenanceWindows'
  >;

  static create(options: {
    catalog: CatalogGateway;
    settings: Pick<ValueStreamSettings, 'freezeWindows' | 'maintenanceWindows'>;
  }) {
    return new ChangeCalendarService(options.catalog, options.settings);
  }

  private constructor(
    catalog: CatalogGateway,
    settings: Pick<ValueStreamSettings, 'freezeWindows' | 'maintenanceWindows'>,
  ) {
    this.#catalog = catalog;
    this.#settings = settings;
  }

  async getWindows(
    range: CalendarRange,
    ctx: RequestContext,
  ): Promise<ChangeCalendarWindows> {
    await ctx.authorize(valueStreamReadPermission);
    const { from, to } = range;
    const entities = await this.#catalog.getEntities(
      range.entityRef,
      ctx.credentials,
    );
    const maintenance: EntityMaintenance[] = [];
    for (const entityRef of new Set(range.entityRef)) {
      const entity = entities.get(entityRef);
      const windows = entity
        ? maintenanceWindowsOf(entity, this.#settings.maintenanceWindows)
        : [];
      if (windows.length > 0) {
        maintenance.push({
          entityRef,
          windows: windows.map(w => w.label),
          occurrences: maintenanceOccurrences(windows, from, to),
        });
      }
    }
    return {
      from,
      to,
      freezeWindows: overlappingFreezes(this.#settings.freezeWindows, from, to),
      maintenance,
    };
  }
}
