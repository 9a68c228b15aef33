import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Nation } from '../api';
import { useDebounced } from '../hooks';

/** a nation the search found, with the other name it was found by (null when by its code or name) */
type Found = Nation & { matched_alias?: string | null };

interface Props {
  onPick: (iso3: string) => void;
}

/**
 * Accessible combobox searching the nations by code, name or another name (former and
 * common names, exonyms, abbreviations: "Holland", "UK", "Cote d'Ivoire"); a nation
 * found by another name says which.
 */
export function NationSearch({ onPick }: Props) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [results, setResults] = useState<Found[]>([]);
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
        setResults((r.nations as Found[]).slice(0, 12));
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

  const pick = (n: Found) => {
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
        {error ? <li class="search-msg" role="option" aria-disabled="true" aria-selected="false">{error}</li> : null}
        {!error && dq && results.length === 0 ? <li class="search-msg" role="option" aria-disabled="true" aria-selected="false">No nation matches “{dq}”. Try its code (FIN), its name or a former name.</li> : null}
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
            <span>
              {n.name}
              {n.matched_alias ? <span class="search-alias"> (“{n.matched_alias}”)</span> : null}
            </span>
            <span class="code">{n.iso3}</span>
          </li>
        ))}
      </ul>
      <p class="sr-only" role="status">
        {!show || !dq ? '' : error ? error : results.length === 0 ? `No nation matches “${dq}”.` : `${results.length} ${results.length === 1 ? 'nation' : 'nations'} found.`}
      </p>
    </div>
  );
}
