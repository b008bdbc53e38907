/**
 * Catalog module of the Value Stream plugins: the CMDB side. Validates the
 * `valuestream.io/` annotations and the asset annotations of Resources, so a
 * bad value shows as a processing error on the entity instead of being
 * accepted silently.
 *
 * @packageDocumentation
 */

export { catalogModuleValueStream as default } from './module';
export { ValueStreamAnnotationsProcessor } from './ValueStreamAnnotationsProcessor';
