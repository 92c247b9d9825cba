import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

export const useFamily = () => useQuery({ queryKey: ['family'], queryFn: () => bridgeClient.call('family.get', {}) });

/** A change of who is at the computer or who is in the family: everything shown may differ now. */
function useFamilyMutation<Input>(run: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries() });
}

export const useSwitchProfile = () => useFamilyMutation((input: CallArgs<'profile.switch'>) => bridgeClient.call('profile.switch', input));
export const useAddMember = () => useFamilyMutation((input: CallArgs<'family.addMember'>) => bridgeClient.call('family.addMember', input));
export const useSetPin = () => useFamilyMutation((input: CallArgs<'family.setPin'>) => bridgeClient.call('family.setPin', input));
export const useRenameFamily = () => useFamilyMutation((input: CallArgs<'family.rename'>) => bridgeClient.call('family.rename', input));
