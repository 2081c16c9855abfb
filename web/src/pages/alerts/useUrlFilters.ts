// The alert filters as state kept in the URL's query string.
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { parseFilters, withFilter, type AlertFilters } from './filters';

export type FilterChange = <K extends keyof AlertFilters>(key: K, value: AlertFilters[K]) => void;

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  // The router applies a navigation in a transition, so a second change made before the list
  // has rendered again (a quick user, an e2e test) would start from the URL before the first
  // and undo it. Changes therefore build on the latest query string asked for, which is the
  // router's own once it has caught up.
  const latest = useRef(params);
  const seen = useRef(params);
  if (seen.current !== params) {
    seen.current = params;
    latest.current = params;
  }
  const filters = useMemo(() => parseFilters(params), [params]);
  const setFilter = useCallback<FilterChange>(
    (key, value) => {
      const next = withFilter(latest.current, key, value);
      latest.current = next;
      // Typing in the title search replaces the history entry rather than adding one per pause.
      setParams(next, { replace: key === 'title' });
    },
    [setParams],
  );
  const reset = useCallback(() => {
    latest.current = new URLSearchParams();
    setParams(latest.current);
  }, [setParams]);
  return { params, filters, setFilter, reset };
}
