import { RequestError } from '@baton/grpc-server';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export const pageSizeOf = (requested: number): number =>
  requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;

/** Page tokens are opaque to callers: an offset into the filtered, ordered list. */
export const encodePageToken = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');

export function decodePageToken(token: string): number {
  if (!token) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) {
    throw new RequestError('invalid page_token', [
      { field: 'page_token', description: 'is not a token this service returned', reason: 'INVALID' },
    ]);
  }
  return Number(match[1]);
}

/** One page of `items` and the token of the next. */
export function page<T>(
  items: readonly T[],
  token: string,
  pageSize: number,
): { items: T[]; nextPageToken: string } {
  const offset = decodePageToken(token);
  const size = pageSizeOf(pageSize);
  const slice = items.slice(offset, offset + size);
  return { items: slice, nextPageToken: offset + size < items.length ? encodePageToken(offset + size) : '' };
}
