/**
 * Whether an environment name counts as production when a deployment does not
 * say so: `production`, `prod`, `prd`, `live`, alone or as a segment
 * (`eu-west/production`, `prod-eu`).
 * @public
 */
export function isProductionEnvironment(environment: string): boolean {
  return environment
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some(part => ['production', 'prod', 'prd', 'live'].includes(part));
}
