// Shared pieces of the rules pages: reasoning lists, verdict badges, labels.
import type { ComponentChildren } from 'preact';
import type { NationRef, Reason } from '../api';
import { href } from '../route';
import { VOCABULARY, type Labels, type Word } from '../vocabulary';

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:)]/g;
const CODE_RE = /\b[A-Z]{3}\b/g;

/**
 * Text with its URLs as links and, when `codes` is given, the ISO 3166-1 alpha-3
 * codes it names as links to the nation profiles (titled with the nation's name).
 */
export function RichText({ text, codes }: { text: string; codes?: Map<string, string> }) {
  const out: ComponentChildren[] = [];
  let last = 0;
  const pushCodes = (chunk: string) => {
    if (!codes || !codes.size) {
      out.push(chunk);
      return;
    }
    let l = 0;
    for (const m of chunk.matchAll(CODE_RE)) {
      const name = codes.get(m[0]);
      if (!name) continue;
      out.push(chunk.slice(l, m.index));
      out.push(
        <a class="code-link" href={href({ view: 'nation', id: m[0] })} title={name}>
          {m[0]}
        </a>,
      );
      l = (m.index ?? 0) + m[0].length;
    }
    out.push(chunk.slice(l));
  };
  for (const m of text.matchAll(URL_RE)) {
    pushCodes(text.slice(last, m.index));
    out.push(
      <a class="source" href={m[0]} target="_blank" rel="noopener noreferrer">
        {m[0].replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '')}
        <span class="sr-only"> (opens in a new tab)</span>
      </a>,
    );
    last = (m.index ?? 0) + m[0].length;
  }
  pushCodes(text.slice(last));
  return <>{out}</>;
}

/** the reasoning of a rule: a numbered list of clause → finding */
export function Reasoning({ items, codes, testid = 'reasoning' }: { items: Reason[]; codes?: Map<string, string>; testid?: string }) {
  if (!items.length) return <p class="muted">No reasoning given.</p>;
  return (
    <ol class="reasoning" data-testid={testid}>
      {items.map((r) => (
        <li>
          <span class="clause">{r.clause}</span>
          <span class="arrow" aria-hidden="true">→</span>
          <span class="finding">
            <RichText text={r.finding} codes={codes} />
          </span>
        </li>
      ))}
    </ol>
  );
}

/** nations as small linked chips (to their profiles) */
export function NationChips({ nations, tone, testid }: { nations: NationRef[]; tone?: 'warn' | 'strong'; testid?: string }) {
  if (!nations.length) return <span class="muted">none</span>;
  return (
    <ul class={`nation-chips${tone ? ` ${tone}` : ''}`} data-testid={testid}>
      {nations.map((n) => (
        <li data-iso3={n.iso3}>
          <a href={href({ view: 'nation', id: n.iso3 })}>
            <span class="chip-code">{n.iso3}</span> {n.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

export const OUTCOME_LABELS: Labels<'decision_outcome'> = {
  adopted: 'Adopted',
  'not-adopted': 'Not adopted',
  'returned-to-discussion': 'Returned to discussion',
};

export const PROCEDURE_LABELS: Labels<'procedure'> = {
  consensus: 'Consensus',
  silence: 'Silence procedure',
  unanimity: 'Unanimity (EU Council)',
  'qualified-majority': 'Qualified majority (EU Council)',
  psc: 'Peace and Security Council (AU)',
};

export const POSITION_LABELS: Labels<'position'> = {
  support: 'Support',
  object: 'Object',
  abstain: 'Abstain',
  silent: 'Silent',
  absent: 'Absent',
};

export const POSITIONS = VOCABULARY.position;

export const CLASSIFICATION_LABELS: Labels<'legal_classification'> = {
  'un-mandated': 'UN mandate',
  'collective-self-defence': 'Collective self-defence',
  'consent-based': 'Host-state consent',
  'no-explicit-mandate': 'No explicit mandate',
};

/** an operation's legal basis as its record states it */
export const LEGAL_BASIS_LABELS: Labels<'legal_basis'> = {
  'un-mandate': 'UN mandate',
  'collective-self-defence': 'Collective self-defence',
  consent: 'Consent',
  'none-explicit': 'None explicit',
};

export const HOST_CONSENT_LABELS: Labels<'host_consent'> = { yes: 'Yes', no: 'No', partial: 'Partial' };

export const KIND_LABELS: Labels<'operation_kind'> = {
  'peace-support': 'Peace support',
  'air-campaign': 'Air campaign',
  'maritime-security': 'Maritime security',
  'counter-terrorism': 'Counter-terrorism',
  training: 'Training',
  'crisis-response': 'Crisis response',
  humanitarian: 'Humanitarian',
  'collective-defence': 'Collective defence',
  'support-to-partner': 'Support to a partner',
};

export const ROLE_LABELS: Labels<'participant_role'> = {
  lead: 'Lead nation',
  'member-contributor': 'Member contributor',
  'partner-contributor': 'Partner contributor',
};

const ACTIVITY_NAMES: Labels<'activity'> = {
  'political-dialogue': 'Political dialogue',
  exercises: 'Exercises',
  'education-training': 'Education and training',
  'cooperation-menu': 'Partnership cooperation menu',
  'planning-review': 'Planning and review',
  'interoperability-evaluation': 'Interoperability evaluation',
  operations: 'Operations',
  'interoperability-platform': 'Interoperability platform',
  'enhanced-opportunities': 'Enhanced opportunities',
  'trust-funds': 'Trust funds',
  'defence-capacity-building': 'Defence capacity building',
  'individual-programme': 'Individual programme',
};
/** every activity with its label, in the server's order */
export const ACTIVITIES: [Word<'activity'>, string][] = VOCABULARY.activity.map((a) => [a, ACTIVITY_NAMES[a]]);
export const ACTIVITY_LABELS = new Map<string, string>(ACTIVITIES);

export const MEMBERSHIP_STATUS_LABELS: Labels<'membership_status'> = {
  member: 'Member',
  suspended: 'Suspended',
  observer: 'Observer',
  associate: 'Associate',
};

export const PARTNERSHIP_STATUS_LABELS: Labels<'partnership_status'> = { active: 'Active', suspended: 'Suspended' };

/** the status of a membership or a partnership, in words */
export const statusLabel = (status: string) => label({ ...PARTNERSHIP_STATUS_LABELS, ...MEMBERSHIP_STATUS_LABELS }, status);

export const ELIGIBLE_LABELS: Labels<'eligibility'> = { yes: 'Yes', no: 'No', conditional: 'Conditional' };

export const RULING_LABELS: Labels<'scope_ruling'> = { covered: 'Covered', 'not-covered': 'Not covered', contested: 'Contested' };

export function label(map: Record<string, string> | Map<string, string>, key: string): string {
  const v = map instanceof Map ? map.get(key) : map[key];
  return v ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ');
}

/** a yes / no / conditional (or covered / not covered / contested) pill */
export function VerdictPill({ value, labels, testid, size }: { value: string; labels: Record<string, string>; testid?: string; size?: 'big' }) {
  return (
    <span class={`verdict v-${value}${size ? ` ${size}` : ''}`} data-testid={testid} data-verdict={value}>
      {label(labels, value)}
    </span>
  );
}

/** a percentage with one decimal */
export const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
