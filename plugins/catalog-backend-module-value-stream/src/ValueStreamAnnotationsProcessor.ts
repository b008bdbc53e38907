import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  validateValueStreamAnnotations,
  type ValidateAnnotationsOptions,
} from '@valuestream/plugin-value-stream-common';

/**
 * Validates the `valuestream.io/` annotations of every entity, and the asset
 * annotations of Resources. Each problem is emitted as an `InputError`, so
 * the catalog does not accept the entity: it keeps its last good version and
 * shows the errors on it (`status.items` of type
 * `backstage.io/catalog-processing`), and a new entity stays out of the
 * catalog until it is fixed.
 *
 * @public
 */
export class ValueStreamAnnotationsProcessor implements CatalogProcessor {
  readonly #options: ValidateAnnotationsOptions;

  /**
   * Reads the configured service level tiers from
   * `valueStream.serviceLevelTiers`; when there are any, an entity's
   * `valuestream.io/service-level-tier` must name one of them.
   */
  static fromConfig(config: Config): ValueStreamAnnotationsProcessor {
    const tiers = config.getOptionalConfig('valueStream.serviceLevelTiers');
    return new ValueStreamAnnotationsProcessor({
      serviceLevelTiers: tiers?.keys(),
    });
  }

  static create(
    options: ValidateAnnotationsOptions = {},
  ): ValueStreamAnnotationsProcessor {
    return new ValueStreamAnnotationsProcessor(options);
  }

  private constructor(options: ValidateAnnotationsOptions) {
    this.#options = options;
  }

  getProcessorName(): string {
    return 'ValueStreamAnnotationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    for (const problem of validateValueStreamAnnotations(
      entity,
      this.#options,
    )) {
      emit(processingResult.inputError(location, problem.message));
    }
    return entity;
  }
}
