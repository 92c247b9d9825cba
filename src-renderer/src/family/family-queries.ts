import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { forgetWhatTheLastProfileSaw } from '../bridge/use-bridge-events';

export const useFamily = () => useQuery({ queryKey: ['family'], queryFn: () => bridgeClient.call('family.get', {}) });

/** A change of who is in the family: everything shown may differ now. */
function useFamilyMutation<Input>(run: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries() });
}

/** Someone else at the computer: nothing the last one was shown stays, even for a moment. */
export const useSwitchProfile = () => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (input: CallArgs<'profile.switch'>) => bridgeClient.call('profile.switch', input), onSuccess: () => forgetWhatTheLastProfileSaw(queryClient) });
};
export const useAddMember = () => useFamilyMutation((input: CallArgs<'family.addMember'>) => bridgeClient.call('family.addMember', input));
export const useSetPin = () => useFamilyMutation((input: CallArgs<'family.setPin'>) => bridgeClient.call('family.setPin', input));
export const useRenameFamily = () => useFamilyMutation((input: CallArgs<'family.rename'>) => bridgeClient.call('family.rename', input));
