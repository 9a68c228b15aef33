// The analytics pages, loaded together on first use (app.tsx imports this module lazily), so
// the map's first load carries none of them; the network graph's library (Cytoscape.js) is
// loaded by the network page alone, on first draw.
export { AnalyticsNav, AnalyticsLanding } from './AnalyticsNav';
export { NetworkPage } from './NetworkPage';
export { BurdenPage } from './BurdenPage';
export { ComparePage } from './ComparePage';
export { InteroperabilityPage } from './InteroperabilityPage';
export { CohesionPage } from './CohesionPage';
export { PanelPage } from './PanelPage';
