// The views' navigation in the top bar. On a narrow screen it is one row that scrolls
// sideways: a fade and an arrow at each edge say that more links lie beyond it, and the
// current page's link is scrolled into view. Short labels ("Ops") carry their full name
// for assistive technology.
import { useEffect, useRef, useState } from 'preact/hooks';
import '../styles/map.css';

export interface NavLink {
  key: string;
  href: string;
  label: string;
  /** a shorter label for narrow screens */
  short?: string;
  current: boolean;
}

export function SiteNav({ links }: { links: NavLink[] }) {
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  useEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const update = () => {
      const left = nav.scrollLeft > 2;
      const right = nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 2;
      setMore((m) => (m.left === left && m.right === right ? m : { left, right }));
    };
    update();
    nav.addEventListener('scroll', update, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    ro?.observe(nav);
    return () => {
      nav.removeEventListener('scroll', update);
      ro?.disconnect();
    };
  }, []);

  const current = links.find((l) => l.current)?.key;
  useEffect(() => {
    const nav = ref.current;
    const link = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !link || nav.scrollWidth <= nav.clientWidth) return;
    const n = nav.getBoundingClientRect();
    const c = link.getBoundingClientRect();
    const margin = 36; // clear of the arrows
    if (c.left < n.left + margin) nav.scrollLeft -= n.left + margin - c.left;
    else if (c.right > n.right - margin) nav.scrollLeft += c.right - (n.right - margin);
  }, [current]);

  const scroll = (dir: number) => {
    const nav = ref.current;
    if (nav) nav.scrollBy({ left: dir * nav.clientWidth * 0.6, behavior: 'smooth' });
  };

  return (
    <div class={`nav-scroller${more.left ? ' more-left' : ''}${more.right ? ' more-right' : ''}`}>
      {/* the arrows are for a pointer; a keyboard reaches every link with Tab, and each scrolls into view */}
      <span class="nav-more nav-more-left" aria-hidden="true" onClick={() => scroll(-1)}>
        ‹
      </span>
      <nav class="nav" aria-label="Views" ref={ref}>
        {links.map((l) => (
          <a href={l.href} aria-current={l.current ? 'page' : undefined} data-nav={l.key} title={l.short ? l.label : undefined}>
            {l.short ? (
              <>
                <span class="nav-long">{l.label}</span>
                <span class="nav-short" aria-hidden="true">
                  {l.short}
                </span>
              </>
            ) : (
              l.label
            )}
          </a>
        ))}
      </nav>
      <span class="nav-more nav-more-right" aria-hidden="true" onClick={() => scroll(1)}>
        ›
      </span>
    </div>
  );
}
