import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';

/**
 * Runs a mutation inside an audit event that succeeds or fails with it, and
 * names the record it wrote. The event starts before any check, so refused
 * attempts are audited too.
 */
export async function audited<
  T extends { id?: string; entityRef?: string | null },
>(
  auditor: AuditorService,
  options: AuditorServiceCreateEventOptions,
  run: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent(options);
  try {
    const result = await run();
    await event.success({
      meta: {
        ...(result.id ? { recordId: result.id } : {}),
        ...(result.entityRef ? { entityRef: result.entityRef } : {}),
      },
    });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
