import type { InvalidateQueryFilters, QueryClient } from '@tanstack/react-query';

/**
 * Asks again for what a core event says has changed. A fetch already on its way may have been
 * answered before the change; React Query would let an invalidation wait for that answer when the
 * query has none yet (a screen that has just opened), and keep it. So the fetch in flight is
 * cancelled first, and the one that replaces it starts after the change.
 */
export async function refreshAfterChange(queryClient: QueryClient, filters: InvalidateQueryFilters): Promise<void> {
  await queryClient.cancelQueries(filters);
  await queryClient.invalidateQueries(filters);
}
