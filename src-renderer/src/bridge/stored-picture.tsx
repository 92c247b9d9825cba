import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { ImgHTMLAttributes } from 'react';
import { bridgeClient } from './client';

const ASSET_KEY = 'asset';

/**
 * Where the window can show a stored picture (or play a narration) from, once the core has given
 * it: they are the family's, so the browser host hands them over only with its token. Their bytes
 * never change (each is named by its SHA-256), so each is fetched once while it is in use.
 */
export function useAssetUrl(sha256: string | null): string | undefined {
  const { data } = useQuery({
    ...assetUrlQuery(sha256 ?? ''),
    enabled: sha256 !== null,
  });
  return sha256 === null ? undefined : data;
}

/** The query for a stored asset's address, for a screen that needs it outside rendering (the next page's narration). */
export const assetUrlQuery = (sha256: string) => ({
  queryKey: [ASSET_KEY, sha256],
  queryFn: () => bridgeClient.assetUrl(sha256),
  staleTime: Infinity,
  gcTime: 60_000,
});

/** A stored picture as an `<img>`, named by its hash (its address changes with every fetch); nothing until it has arrived. */
export function StoredPicture({ sha256, alt, ...rest }: { sha256: string; alt: string } & Omit<ImgHTMLAttributes<HTMLImageElement>, 'src' | 'alt'>) {
  const url = useAssetUrl(sha256);
  return url ? <img src={url} alt={alt} data-sha256={sha256} {...rest} /> : null;
}

/** Lets a picture's or narration's address go once no screen has used it for a while. */
export function releaseAssetsWhenForgotten(queryClient: QueryClient): void {
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'removed' && event.query.queryKey[0] === ASSET_KEY && typeof event.query.state.data === 'string') {
      bridgeClient.releaseAssetUrl(event.query.state.data);
    }
  });
}

/** Queries that say what the family has now, as opposed to pictures and narrations, which never change. */
export const isFamilyDataQuery = (queryKey: readonly unknown[]): boolean => queryKey[0] !== ASSET_KEY;
