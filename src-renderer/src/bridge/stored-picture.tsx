import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { ImgHTMLAttributes } from 'react';
import { bridgeClient } from './client';

const PICTURE_KEY = 'picture';

/**
 * Where the window can show a stored picture from, once the core has given it: pictures are the
 * family's, so the browser host hands them over only with its token. A picture's bytes never
 * change (it is named by its SHA-256), so it is fetched once while it is on screen.
 */
export function usePictureUrl(sha256: string | null): string | undefined {
  const { data } = useQuery({
    queryKey: [PICTURE_KEY, sha256],
    queryFn: () => bridgeClient.pictureUrl(sha256!),
    enabled: sha256 !== null,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  return sha256 === null ? undefined : data;
}

/** A stored picture as an `<img>`, named by its hash (its address changes with every fetch); nothing until it has arrived. */
export function StoredPicture({ sha256, alt, ...rest }: { sha256: string; alt: string } & Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'alt'>) {
  const url = usePictureUrl(sha256);
  return url ? <img src={url} alt={alt} data-sha256={sha256} {...rest} /> : null;
}

/** Lets a picture's address go once no screen has shown it for a while. */
export function releasePicturesWhenForgotten(queryClient: QueryClient): void {
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'removed' && event.query.queryKey[0] === PICTURE_KEY && typeof event.query.state.data === 'string') {
      bridgeClient.releasePictureUrl(event.query.state.data);
    }
  });
}

/** Queries that say what the family has now, as opposed to pictures, which never change. */
export const isFamilyDataQuery = (queryKey: readonly unknown[]): boolean => queryKey[0] !== PICTURE_KEY;
