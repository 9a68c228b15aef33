import { useEffect, useRef, useState } from 'preact/hooks';
import { dataEpoch, onDataChange } from './api';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** run the loader again (Retry after an error) */
  reload: () => void;
}

/** the number of data changes seen (api.ts): a new value means answers held may be stale */
export function useDataEpoch(): number {
  const [e, setE] = useState(dataEpoch);
  useEffect(() => {
    setE(dataEpoch());
    return onDataChange(setE);
  }, []);
  return e;
}

/**
 * Run a promise-returning loader whenever `key` changes, and again when the data
 * changes (a write, or an answer from a newer version). The previous data is
 * kept while the next load is pending (so the map does not flash while the
 * date is scrubbed), and answers to superseded keys are dropped.
 */
export function useAsync<T>(key: string | null, loader: () => Promise<T>): Async<T> {
  const [state, setState] = useState<Omit<Async<T>, 'reload'>>({ data: undefined, error: undefined, loading: key != null });
  const seq = useRef(0);
  const epoch = useDataEpoch();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const n = ++seq.current;
    if (key == null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    loader().then(
      (data) => {
        if (n === seq.current) setState({ data, error: undefined, loading: false });
      },
      (error) => {
        if (n === seq.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, [key, epoch, attempt]);
  return { ...state, reload: () => setAttempt((a) => a + 1) };
}

/** a value that follows `value` after `ms` of quiet */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function useMediaQuery(q: string): boolean {
  const [m, setM] = useState(() => typeof matchMedia !== 'undefined' && matchMedia(q).matches);
  useEffect(() => {
    const mq = matchMedia(q);
    const l = () => setM(mq.matches);
    mq.addEventListener('change', l);
    l();
    return () => mq.removeEventListener('change', l);
  }, [q]);
  return m;
}
