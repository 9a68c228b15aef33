import type { Relation } from './api';
import { VOCABULARY, type Labels } from './vocabulary';

export type MapRelation = Relation | 'no-data';

export interface RelationStyle {
  label: string;
  /** solid colour, or the base colour of a hatch */
  color: string;
  /** hatched relations are drawn with an SVG pattern */
  hatch?: { bg: string };
  /** true when the swatch is light enough to need a darker border */
  light?: boolean;
}

// Colour-blind-safe (blue/orange diverging, after ColorBrewer PuOr/RdYlBu):
// members strong blue, associates/observers lighter blues, partners orange,
// suspended hatched, former muted, none neutral grey.
export const RELATIONS: Record<MapRelation, RelationStyle> = {
  member: { label: 'Member', color: '#1f4e8c' },
  'suspended-member': { label: 'Suspended member', color: '#1f4e8c', hatch: { bg: '#c7d5ea' } },
  associate: { label: 'Associate', color: '#4f8fd0' },
  observer: { label: 'Observer', color: '#9cc5ea', light: true },
  partner: { label: 'Partner', color: '#f0a13a' },
  'suspended-partner': { label: 'Suspended partner', color: '#d9730d', hatch: { bg: '#fde3c0' } },
  'former-member': { label: 'Former member', color: '#8e93a8' },
  'former-partner': { label: 'Former partner', color: '#cdbb9d', light: true },
  none: { label: 'No relation', color: '#dde1e7', light: true },
  'no-data': { label: 'Not a state / no data', color: '#f1f2f4', light: true },
};

/** strongest first, as the server orders them; then the land that is no state */
export const RELATION_ORDER: MapRelation[] = [...VOCABULARY.relation, 'no-data'];

export function relationLabel(r: string): string {
  return (RELATIONS as Record<string, RelationStyle>)[r]?.label ?? r;
}

export function relationFill(r: MapRelation): string {
  const s = RELATIONS[r] ?? RELATIONS['no-data'];
  return s.hatch ? `url(#hatch-${r})` : s.color;
}

const KIND_LABELS: Labels<'event_kind'> = {
  accession: 'Accession',
  withdrawal: 'Withdrawal',
  suspension: 'Suspension',
  reinstatement: 'Reinstatement',
  'status-change': 'Status change',
  'partnership-start': 'Partnership',
  'partnership-end': 'Partnership ends',
  'partnership-suspended': 'Suspended',
  'partnership-resumed': 'Resumed',
  'organisation-founded': 'Founded',
  'organisation-dissolved': 'Dissolved',
  'framework-launched': 'Launched',
  'framework-ended': 'Ended',
  'territory-extended': 'Territory extended',
  'territory-reduced': 'Territory reduced',
};

export function kindLabel(k: string): string {
  return (KIND_LABELS as Record<string, string>)[k] ?? k;
}

/** a CSS class family for an event kind: join / leave / suspend / org */
export function kindTone(k: string): string {
  if (k === 'accession' || k === 'partnership-start' || k === 'reinstatement' || k === 'partnership-resumed' || k === 'territory-extended') return 'join';
  if (k === 'withdrawal' || k === 'partnership-end' || k === 'territory-reduced') return 'leave';
  if (k === 'suspension' || k === 'partnership-suspended') return 'suspend';
  if (k.startsWith('organisation') || k.startsWith('framework')) return 'org';
  return 'other';
}
