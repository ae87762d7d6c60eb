import { useEffect, useState } from 'react';
import { isAbort, ProblemError } from '../../api/problem';
import { useApi } from '../../api/services';
import type { OrderPage } from '../../api/types';

/** What the phone field must hold before the search runs: a mainland mobile number. */
export const mainlandMobile = /^1[3-9]\d{9}$/;

/** How long typing must pause before the number is searched (one search per number typed, not per key). */
const debounceMs = 400;

export type EarlierOrdersState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'found'; page: OrderPage }
  | { phase: 'failed'; problem: ProblemError };

/**
 * 历史工单 of the number in the phone field: searched once the field holds a valid number and
 * typing has paused; a search still running when the number changes is abandoned. `enabled`
 * false (a role the search refuses) searches nothing.
 */
export function useEarlierOrders(phone: string | undefined, enabled: boolean): EarlierOrdersState {
  const api = useApi();
  const [state, setState] = useState<EarlierOrdersState>({ phase: 'idle' });
  const number = phone?.trim() ?? '';
  const searchable = enabled && mainlandMobile.test(number);

  useEffect(() => {
    if (!searchable) {
      setState({ phase: 'idle' });
      return undefined;
    }
    const abort = new AbortController();
    setState({ phase: 'loading' });
    const timer = window.setTimeout(() => {
      api.residents.searchByPhone(number, { signal: abort.signal }).then(
        (page) => setState({ phase: 'found', page }),
        (error: unknown) => {
          if (isAbort(error)) return;
          setState({ phase: 'failed', problem: error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }) });
        },
      );
    }, debounceMs);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [api, number, searchable]);

  return state;
}
