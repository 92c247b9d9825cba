import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

export type LibraryView = CallArgs<'library.list'>['view'];

export const useBooks = (view: LibraryView) =>
  useQuery({ queryKey: ['library', view], queryFn: () => bridgeClient.call('library.list', { view }) });

export const useProfile = () => useQuery({ queryKey: ['profile'], queryFn: () => bridgeClient.call('profile.current', {}) });

/** A library change: refreshes both shelves when it lands, whichever screen made it. */
function useLibraryMutation<Input>(run: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });
}

export const useCreateBook = () =>
  useLibraryMutation((input: CallArgs<'library.create'>) => bridgeClient.call('library.create', input));
export const useRenameBook = () =>
  useLibraryMutation((input: CallArgs<'library.rename'>) => bridgeClient.call('library.rename', input));
export const useTrashBook = () =>
  useLibraryMutation((input: CallArgs<'library.trash'>) => bridgeClient.call('library.trash', input));
export const useRestoreBook = () =>
  useLibraryMutation((input: CallArgs<'library.restore'>) => bridgeClient.call('library.restore', input));
