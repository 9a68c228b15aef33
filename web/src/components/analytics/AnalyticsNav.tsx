// The navigation between the analytics pages, and their landing page: what each one shows.
import { analyticsPageName, href, type View } from '../../route';
import '../../styles/analytics.css';

const PAGES: { view: View; label: string; about: string }[] = [
  { view: 'network', label: 'Network', about: 'Nations tied by shared memberships, partnerships, exercises and operations on a date, with their centrality and communities.' },
  { view: 'burden-sharing', label: 'Burden sharing', about: "Each Ally's defence expenditure as a share of GDP and on major equipment, against NATO's guidelines, year by year." },
  { view: 'compare', label: 'Compare alliances', about: "Alliance treaties' provisions side by side, each with its article and words, and who belongs to which of them on a date." },
  { view: 'interoperability', label: 'Interoperability', about: "A partner's interoperability score by year: its components, with weights you choose." },
  { view: 'cohesion', label: 'Cohesion', about: "How often Allies objected in council rounds, and which pairs agree — with how much record there is behind it." },
  { view: 'panel', label: 'Panel', about: 'The directed dyad-year panel for statistical work: one row per ordered pair of nations and year, as CSV.' },
];

export function AnalyticsNav({ view }: { view: View }) {
  return (
    <nav class="analytics-nav" aria-label="Analytics" data-testid="analytics-nav">
      <ul>
        {PAGES.map((p) => (
          <li>
            <a href={href({ view: p.view, q: {} })} aria-current={view === p.view ? 'page' : undefined} data-analytics-nav={p.view}>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AnalyticsLanding() {
  return (
    <div class="page analytics-page">
      <section class="card" aria-labelledby="analytics-h">
        <h1 id="analytics-h" class="page-h1">
          Analytics
        </h1>
        <p class="muted lead">
          Measures computed from the same sourced records as the map. Every page keeps its settings in the address, downloads its data as the API
          serves it, and says where a figure is missing rather than showing 0.
        </p>
        <ul class="analytics-cards">
          {PAGES.map((p) => (
            <li>
              <a href={href({ view: p.view, q: {} })} data-analytics-card={p.view}>
                <strong>{analyticsPageName(p.view)}</strong>
              </a>
              <p class="muted small">{p.about}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
