/**
 * The Value Stream backend plugin: practice records (changes, releases,
 * deployments, incidents, problems, service levels), value stream stages and
 * their REST API.
 *
 * @packageDocumentation
 */

export { valueStreamPlugin as default } from './plugin';
