/**
 * Isomorphic types, schemas, lifecycles and domain rules of the Value Stream
 * plugins.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './validation';
export * from './schemas';
export * from './environments';
export * from './slaClock';
export * from './lifecycle';
export * from './priority';
export * from './changeRisk';
export * from './stage';
export * from './attainment';
export * from './recordHeadline';
export * from './permissions';
export * from './annotations';
export * from './validateAnnotations';
export * from './metrics';
