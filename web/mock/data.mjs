// Fixture data for the development mock of the Entente API (web/mock/server.mjs).
// It is a SMALL, hand-written approximation for UI development only — the real
// data lives in data/ and is served by the C++ server. Dates are approximate.
// `to` dates are exclusive: a row is in force when from <= as_of < to.

const SRC_NATO = 'NATO, Member countries, https://www.nato.int/cps/en/natohq/topics_52044.htm ; https://www.nato.int/cps/en/natohq/topics_49212.htm ; The North Atlantic Treaty, Washington, 4 April 1949 (Art. 11)';
const SRC_PFP = 'https://www.nato.int/cps/en/natolive/topics_50349.htm';
const SRC_MD = 'https://www.nato.int/cps/en/natohq/topics_52927.htm';
const SRC_ICI = 'https://www.nato.int/cps/en/natohq/topics_52956.htm';
const SRC_PATG = 'https://www.nato.int/cps/en/natohq/topics_49188.htm';
const SRC_WP = 'https://en.wikipedia.org/wiki/Warsaw_Pact';

export const organisations = [
  {
    id: 'NATO', name: 'North Atlantic Treaty Organization', founded: '1949-08-24', dissolved: null,
    headquarters: 'Brussels, Belgium', hq_lat: 50.8794, hq_lon: 4.4256, decision_rule: 'Consensus of all members (North Atlantic Council)',
    source: SRC_NATO, note: 'founded = entry into force of the North Atlantic Treaty after all 12 signatories deposited ratifications (signed Washington 1949-04-04); the founders\' membership rows start on the same date.',
  },
  {
    id: 'WP', name: 'Warsaw Treaty Organization', founded: '1955-05-14', dissolved: '1991-07-01',
    headquarters: 'Moscow', hq_lat: 55.7558, hq_lon: 37.6173, decision_rule: 'Political Consultative Committee',
    source: SRC_WP, note: 'Mock fixture',
  },
];

export const frameworks = [
  { id: 'PFP', name: 'Partnership for Peace', organisation: 'NATO', launched: '1994-01-10', ended: null, successor: null, source: SRC_PFP, note: '' },
  { id: 'NACC', name: 'North Atlantic Cooperation Council', organisation: 'NATO', launched: '1991-12-20', ended: '1997-05-30', successor: 'EAPC', source: SRC_PFP, note: '' },
  { id: 'EAPC', name: 'Euro-Atlantic Partnership Council', organisation: 'NATO', launched: '1997-05-30', ended: null, successor: null, source: SRC_PFP, note: '' },
  { id: 'MD', name: 'Mediterranean Dialogue', organisation: 'NATO', launched: '1994-12-08', ended: null, successor: null, source: SRC_MD, note: '' },
  { id: 'ICI', name: 'Istanbul Cooperation Initiative', organisation: 'NATO', launched: '2004-06-28', ended: null, successor: null, source: SRC_ICI, note: '' },
  { id: 'PATG', name: 'Partners across the globe', organisation: 'NATO', launched: '2012-01-01', ended: null, successor: null, source: SRC_PATG, note: 'Mock launch date' },
];

// nation details beyond the ISO list (only for a few, to exercise the profile panel)
export const details = {
  FIN: { region: 'Europe', subregion: 'Northern Europe', capital: 'Helsinki', capital_lat: 60.17, capital_lon: 24.94 },
  SWE: { region: 'Europe', subregion: 'Northern Europe', capital: 'Stockholm', capital_lat: 59.33, capital_lon: 18.07 },
  AUT: { region: 'Europe', subregion: 'Western Europe', capital: 'Vienna', capital_lat: 48.21, capital_lon: 16.37 },
  USA: { region: 'Americas', subregion: 'Northern America', capital: 'Washington, D.C.', capital_lat: 38.9, capital_lon: -77.04 },
  RUS: { region: 'Europe', subregion: 'Eastern Europe', capital: 'Moscow', capital_lat: 55.76, capital_lon: 37.62 },
  UKR: { region: 'Europe', subregion: 'Eastern Europe', capital: 'Kyiv', capital_lat: 50.45, capital_lon: 30.52 },
  DEU: { region: 'Europe', subregion: 'Western Europe', capital: 'Berlin', capital_lat: 52.52, capital_lon: 13.4 },
  FRA: { region: 'Europe', subregion: 'Western Europe', capital: 'Paris', capital_lat: 48.86, capital_lon: 2.35 },
  POL: { region: 'Europe', subregion: 'Eastern Europe', capital: 'Warsaw', capital_lat: 52.23, capital_lon: 21.01 },
  XKX: { region: 'Europe', subregion: 'Southern Europe', capital: 'Pristina', capital_lat: 42.67, capital_lon: 21.17 },
};

const m = (iso3, from, to = null, status = 'member', organisation = 'NATO', source = SRC_NATO) =>
  ({ iso3, organisation, from, to, status, source, note: '' });

export const memberships = [
  ...['BEL', 'CAN', 'DNK', 'FRA', 'ISL', 'ITA', 'LUX', 'NLD', 'NOR', 'PRT', 'GBR', 'USA'].map((c) => m(c, '1949-08-24')),
  m('GRC', '1952-02-18'), m('TUR', '1952-02-18'), m('DEU', '1955-05-06'), m('ESP', '1982-05-30'),
  ...['CZE', 'HUN', 'POL'].map((c) => m(c, '1999-03-12')),
  ...['BGR', 'EST', 'LVA', 'LTU', 'ROU', 'SVK', 'SVN'].map((c) => m(c, '2004-03-29')),
  m('ALB', '2009-04-01'), m('HRV', '2009-04-01'), m('MNE', '2017-06-05'), m('MKD', '2020-03-27'),
  m('FIN', '2023-04-04'), m('SWE', '2024-03-07'),
  // Warsaw Pact
  ...['ALB', 'BGR', 'CZE', 'HUN', 'POL', 'ROU', 'RUS'].map((c) =>
    m(c, '1955-05-14', c === 'ALB' ? '1968-09-13' : '1991-07-01', 'member', 'WP', SRC_WP)),
];

const natoJoin = Object.fromEntries(memberships.filter((x) => x.organisation === 'NATO').map((x) => [x.iso3, x.from]));

const p = (iso3, framework, from, to = null, status = 'active', source = SRC_PFP) =>
  ({ iso3, framework, from, to: to ?? natoJoin[iso3] ?? null, status, source, note: '' });

const pfp = {
  ROU: '1994-01-26', LTU: '1994-01-27', POL: '1994-02-02', EST: '1994-02-03', HUN: '1994-02-08', UKR: '1994-02-08',
  SVK: '1994-02-09', BGR: '1994-02-14', LVA: '1994-02-14', ALB: '1994-02-23', CZE: '1994-03-10', MDA: '1994-03-16',
  GEO: '1994-03-23', SVN: '1994-03-30', AZE: '1994-05-04', FIN: '1994-05-09', SWE: '1994-05-09', TKM: '1994-05-10',
  KAZ: '1994-05-27', KGZ: '1994-06-01', RUS: '1994-06-22', UZB: '1994-07-13', ARM: '1994-10-05', BLR: '1995-01-11',
  AUT: '1995-02-10', MKD: '1995-11-15', CHE: '1996-12-11', IRL: '1999-12-01', HRV: '2000-05-25', TJK: '2002-02-20',
  BIH: '2006-12-14', MNE: '2006-12-14', SRB: '2006-12-14',
};

const later = (a, b) => (a > b ? a : b);

export const partnerships = [];
for (const [iso3, from] of Object.entries(pfp)) {
  if (iso3 === 'RUS') {
    partnerships.push(p(iso3, 'PFP', from, '2014-04-01'), p(iso3, 'PFP', '2014-04-01', null, 'suspended'));
    partnerships.push(p(iso3, 'EAPC', '1997-05-30', '2014-04-01'), p(iso3, 'EAPC', '2014-04-01', null, 'suspended'));
    continue;
  }
  const to = natoJoin[iso3] ?? null;
  partnerships.push(p(iso3, 'PFP', from, to));
  if (!to || to > '1997-05-30') partnerships.push(p(iso3, 'EAPC', later(from, '1997-05-30'), to));
}
partnerships.push(
  p('MLT', 'PFP', '1995-04-26', '1996-10-27'), p('MLT', 'PFP', '1996-10-27', '2008-04-03', 'suspended'), p('MLT', 'PFP', '2008-04-03'),
  ...['EGY', 'ISR', 'MRT', 'MAR', 'TUN'].map((c) => p(c, 'MD', '1995-02-08', null, 'active', SRC_MD)),
  p('JOR', 'MD', '1995-11-29', null, 'active', SRC_MD), p('DZA', 'MD', '2000-03-14', null, 'active', SRC_MD),
  ...['BHR', 'QAT', 'KWT', 'ARE'].map((c) => p(c, 'ICI', '2005-06-01', null, 'active', SRC_ICI)),
  ...['AUS', 'JPN', 'KOR', 'NZL', 'MNG', 'PAK', 'IRQ'].map((c) => p(c, 'PATG', '2012-01-01', null, 'active', SRC_PATG)),
  p('AFG', 'PATG', '2012-01-01', '2021-08-15', 'active', SRC_PATG),
  p('COL', 'PATG', '2018-05-31', null, 'active', SRC_PATG),
);

export const plans = [
  { iso3: 'GEO', organisation: 'NATO', plan: 'IPAP', from: '2004-10-29', to: null, source: SRC_PFP, note: '' },
  { iso3: 'UKR', organisation: 'NATO', plan: 'ANP', from: '2009-01-01', to: null, source: SRC_PFP, note: '' },
  { iso3: 'FIN', organisation: 'NATO', plan: 'PARP', from: '1995-01-01', to: '2023-04-04', source: SRC_PFP, note: 'Mock plan' },
];
