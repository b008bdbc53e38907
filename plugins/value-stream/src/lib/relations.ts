const RELATION_LABELS: Record<string, string> = {
  dependsOn: 'depends on',
  dependencyOf: 'dependency of',
  partOf: 'part of',
  hasPart: 'has part',
  consumesApi: 'consumes API',
  apiConsumedBy: 'API consumed by',
  providesApi: 'provides API',
  apiProvidedBy: 'API provided by',
  ownedBy: 'owned by',
  ownerOf: 'owner of',
};

/** `dependencyOf` -> `dependency of`; unknown types are split at capitals. */
export function relationLabel(type: string): string {
  return (
    RELATION_LABELS[type] ??
    type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  );
}
