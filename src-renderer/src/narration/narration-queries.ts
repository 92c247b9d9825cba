import { useQuery } from '@tanstack/react-query';
import { bridgeClient } from '../bridge/client';

/** Each page's narration; under 'library', so it is fetched again when a book changes (a page read, words edited). */
export const useBookNarration = (bookId: string) =>
  useQuery({ queryKey: ['library', 'narration', bookId], queryFn: () => bridgeClient.call('narration.book', { bookId }) });
