import { useQuery } from '@tanstack/react-query';
import { bridgeClient } from '../bridge/client';

export const useCharacters = () => useQuery({ queryKey: ['characters'], queryFn: () => bridgeClient.call('characters.list', {}) });
