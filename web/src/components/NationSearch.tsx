import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Nation } from '../api';
import { useDebounced } from '../hooks';

interface Props {
  onPick: (iso3: string) => void;
}

/** Accessible combobox searching /api/v1/nations?q= */
export function NationSearch({ onPick }: Props) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [results, setResults] = useState<Nation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const dq = useDebounced(q.trim(), 180);
  const seq = useRef(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const n = ++seq.current;
    if (!dq) {
      setResults([]);
      setError(null);
      return;
    }
    api.nations(dq).then(
      (r) => {
        if (n !== seq.current) return;
        setResults(r.nations.slice(0, 12));
        setActive(0);
        setError(null);
      },
      (e) => {
        if (n === seq.current) setError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [dq]);

  useEffect(() => {
    const onDoc = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDoc);
    return () => document.removeEventListener('pointerdown', onDoc);
  }, []);

  const pick = (n: Nation) => {
    onPick(n.iso3);
    setQ('');
    setOpen(false);
  };

  const show = open && q.trim().length > 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      if (show && results[active]) {
        e.preventDefault();
        pick(results[active]);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div class="search" ref={box}>
      <label for="nation-search" class="sr-only">
        Find a nation
      </label>
      <svg class="search-icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M6.5 1a5.5 5.5 0 0 1 4.4 8.8l3.9 3.9-1.1 1.1-3.9-3.9A5.5 5.5 0 1 1 6.5 1zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8z" /></svg>
      <input
        id="nation-search"
        type="search"
        role="combobox"
        list={undefined}
        autocomplete="off"
        spellcheck={false}
        placeholder="Find a nation…"
        aria-expanded={show}
        aria-controls="nation-results"
        aria-autocomplete="list"
        aria-activedescendant={show && results[active] ? `opt-${results[active].iso3}` : undefined}
        value={q}
        onInput={(e) => {
          setQ((e.currentTarget as HTMLInputElement).value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
      />
      <ul id="nation-results" role="listbox" class="search-results" hidden={!show} aria-label="Nations">
        {error ? <li class="search-msg" role="alert">{error}</li> : null}
        {!error && dq && results.length === 0 ? <li class="search-msg">No nation matches “{dq}”.</li> : null}
        {results.map((n, i) => (
          <li
            id={`opt-${n.iso3}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'active' : ''}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => pick(n)}
            onPointerEnter={() => setActive(i)}
          >
            <span>{n.name}</span>
            <span class="code">{n.iso3}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
