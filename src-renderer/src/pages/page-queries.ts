import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BookDetail, CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

export const usePageVersions = (pageId: string) =>
  useQuery({ queryKey: ['library', 'page-versions', pageId], queryFn: () => bridgeClient.call('pages.versions', { pageId }) });

/** Saves words without refetching the whole book: the answer is the page as stored. */
export function useSavePageText(bookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallArgs<'pages.updateText'>) => bridgeClient.call('pages.updateText', input),
    onSuccess: (page) => {
      queryClient.setQueryData<BookDetail>(['library', 'book', bookId], (book) => book && { ...book, pages: book.pages.map((each) => (each.id === page.id ? page : each)) });
      void queryClient.invalidateQueries({ queryKey: ['library', 'page-versions', page.id] });
    },
  });
}

export function useRestoreVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallArgs<'pages.restoreVersion'>) => bridgeClient.call('pages.restoreVersion', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });
}

/** Moves pages at once on screen and puts them back if the core refuses. */
export function useReorderPages(bookId: string) {
  const queryClient = useQueryClient();
  const key = ['library', 'book', bookId];
  return useMutation({
    mutationFn: (pageIds: string[]) => bridgeClient.call('pages.reorder', { bookId, pageIds }),
    onMutate: async (pageIds) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<BookDetail>(key);
      queryClient.setQueryData<BookDetail>(key, (book) => book && { ...book, pages: pageIds.map((id) => book.pages.find((page) => page.id === id)!) });
      return { before };
    },
    onError: (_error, _pageIds, context) => queryClient.setQueryData(key, context?.before),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });
}
