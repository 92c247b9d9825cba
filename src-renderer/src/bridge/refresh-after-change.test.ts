import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refreshAfterChange } from './refresh-after-change';

describe('asking again after a core event', () => {
  it('shows what changed even when the screen’s first fetch left before the change and answers after it', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    // The core's state, and answers the test releases by hand: each answer is what the core held when it was asked.
    let status = 'active';
    const pending: (() => void)[] = [];
    const observer = new QueryObserver(queryClient, {
      queryKey: ['generation', 'book'],
      queryFn: () => {
        const answer = status;
        return new Promise<string>((resolve) => pending.push(() => resolve(answer)));
      },
    });
    const seen: (string | undefined)[] = [];
    const unsubscribe = observer.subscribe((result) => seen.push(result.data));

    // The screen opens and asks; the book moves on before that answer arrives, and the event comes.
    expect(pending).toHaveLength(1);
    status = 'reviewing';
    const refreshed = refreshAfterChange(queryClient, { queryKey: ['generation'] });
    pending.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (pending.length > 0) pending.shift()!();
    await refreshed;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(observer.getCurrentResult().data).toBe('reviewing');
    unsubscribe();
  });
});
