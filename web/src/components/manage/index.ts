// The pages of partnership management, loaded together on first use (app.tsx imports this
// module lazily), so the map's first load carries none of them.
export { ManageNav } from './ManageNav';
export { ProgrammePage, ProgrammesPage } from './ProgrammePages';
export { InboxPage } from './InboxPage';
export { MenuPage } from './MenuPage';
export { ParpListPage, ParpPage } from './ParpPages';
export { UnitPage, UnitsPage } from './EvaluationPages';
export { EventPage, EventsPage } from './EventPages';
