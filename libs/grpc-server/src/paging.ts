import { RequestError } from './request-errors';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

/**
 * One page of an ordered list, per the service conventions: page_size 0 = 50, above 1000 = 1000;
 * the token is the offset bound to the filters it was issued for.
 */
export function pageOf<T>(
  items: readonly T[],
  pageSize: number,
  token: string,
  filters: string,
): { items: T[]; nextPageToken: string } {
  if (pageSize < 0) {
    throw new RequestError('invalid page_size', [
      { field: 'page_size', description: 'must not be negative', reason: 'OUT_OF_RANGE' },
    ]);
  }
  const size = pageSize === 0 ? DEFAULT_PAGE : Math.min(pageSize, MAX_PAGE);
  const offset = token === '' ? 0 : offsetOf(token, filters);
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encode(offset + size, filters) : '';
  return { items: slice, nextPageToken: next };
}

function encode(offset: number, filters: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: filters })).toString('base64url');
}

function offsetOf(token: string, filters: string): number {
  try {
    const { o, f } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o: unknown;
      f: unknown;
    };
    if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0 && f === filters) return o;
  } catch {
    // falls through to the refusal
  }
  throw new RequestError('invalid page_token', [
    {
      field: 'page_token',
      description: 'is not a next_page_token of this list with these filters',
      reason: 'INVALID_PAGE_TOKEN',
    },
  ]);
}
