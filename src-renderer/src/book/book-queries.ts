import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BookDetail, CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

export const useBook = (bookId: string) =>
  useQuery({ queryKey: ['library', 'book', bookId], queryFn: () => bridgeClient.call('library.get', { bookId }) });

export const useGeneration = (bookId: string) =>
  useQuery({ queryKey: ['generation', bookId], queryFn: () => bridgeClient.call('generation.status', { bookId }) });

/** A change to a book's making: refreshes the book and its generation when it lands. */
function useGenerationMutation<Input>(run: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['generation'] });
      await queryClient.invalidateQueries({ queryKey: ['library'] });
    },
  });
}

export const useCancelGeneration = () =>
  useGenerationMutation((input: CallArgs<'generation.cancel'>) => bridgeClient.call('generation.cancel', input));
export const useRedrawPage = () =>
  useGenerationMutation((input: CallArgs<'generation.redrawPage'>) => bridgeClient.call('generation.redrawPage', input));

/** Saves the back cover's words without refetching the whole book: the answer is the book as stored. */
export function useSetBlurb(bookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (blurb: string) => bridgeClient.call('library.setBlurb', { bookId, blurb }),
    onSuccess: (book) => queryClient.setQueryData<BookDetail>(['library', 'book', bookId], (detail) => detail && { ...detail, ...book }),
  });
}
