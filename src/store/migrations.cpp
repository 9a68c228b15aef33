#include "store/migrations.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite_statement.hpp"
#include "store/value_encoding.hpp"

namespace entente::sqlite {

namespace {

constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE nations (
  iso3        TEXT PRIMARY KEY CHECK (length(iso3) = 3),
  iso2        TEXT NOT NULL,
  iso_numeric TEXT NOT NULL,
  name        TEXT NOT NULL,
  status      TEXT NOT NULL,
  region      TEXT NOT NULL,
  subregion   TEXT NOT NULL,
  capital     TEXT NOT NULL,
  capital_lat REAL NOT NULL,
  capital_lon REAL NOT NULL,
  valid_from  TEXT,
  valid_to    TEXT,
  source      TEXT NOT NULL CHECK (source <> ''),
  note        TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  founded       TEXT NOT NULL,
  dissolved     TEXT,
  headquarters  TEXT NOT NULL,
  hq_lat        REAL NOT NULL,
  hq_lon        REAL NOT NULL,
  decision_rule TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source <> ''),
  note          TEXT NOT NULL
) STRICT;

CREATE TABLE frameworks (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  organisation TEXT NOT NULL REFERENCES organisations(id),
  launched     TEXT NOT NULL,
  ended        TEXT,
  successor    TEXT REFERENCES frameworks(id) DEFERRABLE INITIALLY DEFERRED,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL
) STRICT;

CREATE TABLE memberships (
  organisation TEXT NOT NULL REFERENCES organisations(id),
  nation       TEXT NOT NULL REFERENCES nations(iso3),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  status       TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  PRIMARY KEY (organisation, nation, valid_from)
) STRICT;

CREATE TABLE partnerships (
  framework  TEXT NOT NULL REFERENCES frameworks(id),
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  status     TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (framework, nation, valid_from)
) STRICT;

CREATE TABLE partnership_plans (
  nation       TEXT NOT NULL REFERENCES nations(iso3),
  organisation TEXT NOT NULL REFERENCES organisations(id),
  plan         TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  PRIMARY KEY (organisation, plan, nation, valid_from)
) STRICT;

CREATE INDEX memberships_by_nation ON memberships(nation);
CREATE INDEX partnerships_by_nation ON partnerships(nation);
)sql";

constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE territory_changes (
  organisation TEXT NOT NULL REFERENCES organisations(id),
  nation       TEXT NOT NULL REFERENCES nations(iso3),
  day          TEXT NOT NULL,
  change       TEXT NOT NULL CHECK (change IN ('extension', 'reduction')),
  territory    TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  PRIMARY KEY (organisation, nation, day, territory)
) STRICT;
)sql";

// The rules' reference tables: populations, council seats, eligibility, Article 4
// consultations, operations and their participants, territorial units, sea areas.
// List-valued fields are stored as ";"-separated text, polygons as "lon lat, ..." text.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE populations (
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  year       INTEGER NOT NULL,
  population INTEGER NOT NULL CHECK (population > 0),
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (nation, year)
) STRICT;

CREATE TABLE council_seats (
  council    TEXT NOT NULL,
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  term       TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (council, nation, valid_from)
) STRICT;

CREATE TABLE eligibility (
  organisation TEXT NOT NULL REFERENCES organisations(id),
  standing     TEXT NOT NULL,
  activity     TEXT NOT NULL,
  eligible     TEXT NOT NULL CHECK (eligible IN ('yes', 'no', 'conditional')),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  conditions   TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  PRIMARY KEY (organisation, standing, activity, valid_from)
) STRICT;

CREATE TABLE consultations (
  id           TEXT PRIMARY KEY,
  day          TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  occasion     TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL
) STRICT;

CREATE TABLE operations (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  valid_from       TEXT NOT NULL,
  valid_to         TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  area             TEXT NOT NULL,
  area_lat         REAL NOT NULL,
  area_lon         REAL NOT NULL,
  legal_basis      TEXT NOT NULL,
  unsc_resolutions TEXT NOT NULL,
  article5         INTEGER NOT NULL,
  host_consent     TEXT NOT NULL,
  summary          TEXT NOT NULL,
  source           TEXT NOT NULL CHECK (source <> ''),
  note             TEXT NOT NULL
) STRICT;

CREATE TABLE operation_participants (
  operation TEXT NOT NULL REFERENCES operations(id),
  nation    TEXT NOT NULL REFERENCES nations(iso3),
  role      TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source <> ''),
  note      TEXT NOT NULL,
  PRIMARY KEY (operation, nation)
) STRICT;

CREATE TABLE territorial_units (
  code              TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  sovereign         TEXT NOT NULL REFERENCES nations(iso3),
  lat               REAL NOT NULL,
  lon               REAL NOT NULL,
  radius_km         REAL NOT NULL,
  continent         TEXT NOT NULL,
  north_of_tropic   TEXT NOT NULL,
  in_north_atlantic TEXT NOT NULL,
  ruling            TEXT NOT NULL,
  clause            TEXT NOT NULL,
  reasoning         TEXT NOT NULL,
  source            TEXT NOT NULL CHECK (source <> ''),
  note              TEXT NOT NULL
) STRICT;

CREATE TABLE sea_areas (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  status  TEXT NOT NULL,
  polygon TEXT NOT NULL,
  source  TEXT NOT NULL CHECK (source <> ''),
  note    TEXT NOT NULL
) STRICT;
)sql";

// Country land from the atlas. `geometry` is a little-endian blob: int32 polygon count,
// then per polygon int32 ring count, then per ring int32 vertex count and the vertices
// as float64 longitude, latitude pairs.
constexpr std::string_view kMigration4 = R"sql(
CREATE TABLE country_shapes (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  geometry BLOB NOT NULL
) STRICT;
)sql";

// The simulator's force-generation key: military personnel by nation and year.
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE military_personnel (
  nation    TEXT NOT NULL REFERENCES nations(iso3),
  year      INTEGER NOT NULL,
  personnel INTEGER NOT NULL CHECK (personnel >= 0),
  source    TEXT NOT NULL CHECK (source <> ''),
  note      TEXT NOT NULL,
  PRIMARY KEY (nation, year)
) STRICT;
)sql";

// World facts the rules once held in code: territorial units gain a period, the nation
// whose land they take over in it, and a polygon ("lon lat, ..." text, as sea areas); a
// territory change names the unit that draws its land; and each organisation's decision
// procedures become a table.
constexpr std::string_view kMigration6 = R"sql(
ALTER TABLE territorial_units ADD COLUMN valid_from TEXT;
ALTER TABLE territorial_units ADD COLUMN valid_to TEXT;
ALTER TABLE territorial_units ADD COLUMN now_part_of TEXT NOT NULL DEFAULT '';
ALTER TABLE territorial_units ADD COLUMN polygon TEXT NOT NULL DEFAULT '';
ALTER TABLE territory_changes ADD COLUMN unit TEXT NOT NULL DEFAULT '';

CREATE TABLE decision_procedures (
  organisation TEXT NOT NULL REFERENCES organisations(id),
  procedure    TEXT NOT NULL,
  body         TEXT NOT NULL,
  usual        INTEGER NOT NULL CHECK (usual IN (0, 1)),
  council      TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  PRIMARY KEY (organisation, procedure, valid_from)
) STRICT;
)sql";

// What users write. The records staff edit (memberships, partnerships, plans) gain a
// stable id and a version; every committed change is recorded in the audit log in the
// same transaction and increases the store's revision, the version of the snapshot the
// engine publishes. Accounts, their sessions (tokens stored as hashes) and API tokens.
// There is deliberately no foreign key from accounts to nations: replacing the
// reference data (init --force) keeps accounts and their history.
constexpr std::string_view kMigration7 = R"sql(
CREATE TABLE memberships_v7 (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  organisation TEXT NOT NULL REFERENCES organisations(id),
  nation       TEXT NOT NULL REFERENCES nations(iso3),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  status       TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  UNIQUE (organisation, nation, valid_from)
) STRICT;
INSERT INTO memberships_v7 (organisation, nation, valid_from, valid_to, status, source, note)
  SELECT organisation, nation, valid_from, valid_to, status, source, note FROM memberships
  ORDER BY organisation, valid_from, nation;
DROP TABLE memberships;
ALTER TABLE memberships_v7 RENAME TO memberships;
CREATE INDEX memberships_by_nation ON memberships(nation);

CREATE TABLE partnerships_v7 (
  id         INTEGER PRIMARY KEY,
  version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  framework  TEXT NOT NULL REFERENCES frameworks(id),
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  status     TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  UNIQUE (framework, nation, valid_from)
) STRICT;
INSERT INTO partnerships_v7 (framework, nation, valid_from, valid_to, status, source, note)
  SELECT framework, nation, valid_from, valid_to, status, source, note FROM partnerships
  ORDER BY framework, valid_from, nation;
DROP TABLE partnerships;
ALTER TABLE partnerships_v7 RENAME TO partnerships;
CREATE INDEX partnerships_by_nation ON partnerships(nation);

CREATE TABLE partnership_plans_v7 (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  nation       TEXT NOT NULL REFERENCES nations(iso3),
  organisation TEXT NOT NULL REFERENCES organisations(id),
  plan         TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL,
  UNIQUE (organisation, plan, nation, valid_from)
) STRICT;
INSERT INTO partnership_plans_v7 (nation, organisation, plan, valid_from, valid_to, source, note)
  SELECT nation, organisation, plan, valid_from, valid_to, source, note FROM partnership_plans
  ORDER BY nation, valid_from, plan;
DROP TABLE partnership_plans;
ALTER TABLE partnership_plans_v7 RENAME TO partnership_plans;

CREATE TABLE store_revision (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL CHECK (revision > 0)
) STRICT;
INSERT INTO store_revision (id, revision) VALUES (1, 1);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  record_kind TEXT NOT NULL,
  record_id   INTEGER NOT NULL,
  before      TEXT,
  after       TEXT,
  reason      TEXT NOT NULL,
  request_id  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_record ON audit_log(record_kind, record_id);
CREATE INDEX audit_by_actor ON audit_log(actor);
CREATE INDEX audit_by_time ON audit_log(at);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  nation        TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT NOT NULL DEFAULT '',
  created       TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  account    INTEGER NOT NULL REFERENCES accounts(id),
  created    TEXT NOT NULL,
  last_seen  TEXT NOT NULL,
  address    TEXT NOT NULL,
  user_agent TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_account ON sessions(account);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  account    INTEGER NOT NULL REFERENCES accounts(id),
  name       TEXT NOT NULL,
  created    TEXT NOT NULL,
  expires    TEXT NOT NULL,
  last_used  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX api_tokens_by_account ON api_tokens(account);
)sql";

// Migration 8: country_shapes.geometry becomes OGC well-known binary, little-endian
// (value_encoding.hpp), the same bytes on every machine and readable by other databases;
// migrations 4 to 7 wrote it in the byte order of the machine that wrote it.
//
// How migrations 4 to 7 wrote a geometry: int32 polygon count, then per polygon int32
// ring count, then per ring int32 vertex count and the vertices as float64 longitude,
// latitude pairs, all in the writing machine's byte order. nullopt when it is cut short.
std::optional<std::vector<PolygonRings>> decode_machine_geometry(const std::string& blob) {
  std::size_t at = 0;
  bool ok = true;
  // A count of items of `item_size` bytes at least, no more than the bytes left hold.
  const auto take_count = [&](std::size_t item_size) -> std::size_t {
    std::int32_t value = 0;
    if (!ok || blob.size() - at < sizeof value) {
      ok = false;
      return 0;
    }
    std::memcpy(&value, blob.data() + at, sizeof value);
    at += sizeof value;
    if (value < 0 || static_cast<std::size_t>(value) > (blob.size() - at) / item_size) {
      ok = false;
      return 0;
    }
    return static_cast<std::size_t>(value);
  };
  constexpr std::size_t kCountSize = sizeof(std::int32_t);
  constexpr std::size_t kVertexSize = 2 * sizeof(double);
  std::vector<PolygonRings> polygons(take_count(kCountSize));
  for (PolygonRings& polygon : polygons) {
    polygon.resize(take_count(kCountSize));
    for (Ring& ring : polygon) {
      ring.resize(take_count(kVertexSize));
      for (auto& [lon, lat] : ring) {
        std::memcpy(&lon, blob.data() + at, sizeof lon);
        std::memcpy(&lat, blob.data() + at + sizeof lon, sizeof lat);
        at += kVertexSize;
      }
    }
  }
  if (!ok) return std::nullopt;
  return polygons;
}

// A geometry that does not decode is left as it is: loading then reports it corrupt, and
// entente init replaces it.
Status convert_shapes_to_wkb(sqlite3* db) {
  std::vector<std::pair<std::string, std::string>> converted;  // (id, WKB)
  {
    Result<Statement> select = Statement::prepare(db, "SELECT id, geometry FROM country_shapes");
    if (!select) return select.status();
    while (select->step()) {
      if (const auto polygons = decode_machine_geometry(select->blob(1))) {
        converted.emplace_back(select->text(0), encode_wkb(*polygons));
      }
    }
    if (Status status = select->error(); !status) return status;
  }
  Result<Statement> update = Statement::prepare(db, "UPDATE country_shapes SET geometry = ? WHERE id = ?");
  if (!update) return update.status();
  for (const auto& [id, wkb] : converted) {
    update->bind_blob(wkb).bind(id);
    if (Status status = update->execute(); !status) return status;
  }
  return Status::ok();
}

// Where Article 6(1) reaches, and who holds land the atlas draws apart: the regions of
// Article 6(1) (continents as "lon lat, ..." polygons, or a nation named whole) and the
// owners of atlas shapes that match no nation. A database made before gets them from
// `entente init`.
constexpr std::string_view kMigration9 = R"sql(
CREATE TABLE article6_regions (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  clause     TEXT NOT NULL,
  nation     TEXT REFERENCES nations(iso3),
  valid_from TEXT,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from),
  polygon    TEXT NOT NULL,
  reasoning  TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  CHECK ((nation IS NULL) <> (polygon = ''))
) STRICT;

CREATE TABLE atlas_shape_owners (
  shape  TEXT PRIMARY KEY,
  nation TEXT NOT NULL REFERENCES nations(iso3),
  source TEXT NOT NULL CHECK (source <> ''),
  note   TEXT NOT NULL
) STRICT;
)sql";

// The other names by which users search for a nation (former names, short names, exonyms,
// abbreviations). An alias names one nation. A database made before gets them from
// `entente init`.
constexpr std::string_view kMigration10 = R"sql(
CREATE TABLE nation_aliases (
  nation TEXT NOT NULL REFERENCES nations(iso3),
  alias  TEXT PRIMARY KEY CHECK (alias <> ''),
  kind   TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source <> ''),
  note   TEXT NOT NULL
) STRICT;
)sql";

// Who publishes each web host the sources cite, and whether it is a primary or a
// secondary source; a host names the publisher of its subdomains too. A database made
// before gets them from `entente init`.
constexpr std::string_view kMigration11 = R"sql(
CREATE TABLE publishers (
  host      TEXT PRIMARY KEY CHECK (host <> ''),
  publisher TEXT NOT NULL CHECK (publisher <> ''),
  kind      TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source <> ''),
  note      TEXT NOT NULL
) STRICT;
)sql";

// Partnership management. Reference tables, from `entente init`: the cooperation menu,
// defence capacity building packages, the workflows' steps and the evaluation checklists.
// Tables users write, row by row (store/rows.hpp): every one has an id and a version.
constexpr std::string_view kMigration12 = R"sql(
CREATE TABLE cooperation_menu (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  area          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  provider      TEXT NOT NULL,
  activity      TEXT NOT NULL,
  open_to       TEXT NOT NULL,
  language      TEXT NOT NULL,
  capacity      INTEGER NOT NULL CHECK (capacity >= 0),
  duration_days INTEGER NOT NULL CHECK (duration_days >= 0),
  source        TEXT NOT NULL CHECK (source <> ''),
  note          TEXT NOT NULL
) STRICT;

CREATE TABLE dcb_packages (
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (nation, valid_from)
) STRICT;

CREATE TABLE workflow_rules (
  workflow      TEXT NOT NULL,
  action        TEXT NOT NULL,
  from_state    TEXT NOT NULL,
  to_state      TEXT NOT NULL,
  actors        TEXT NOT NULL,
  comment       INTEGER NOT NULL CHECK (comment IN (0, 1)),
  approvals     INTEGER NOT NULL CHECK (approvals >= 1),
  distinct_from TEXT NOT NULL,
  eligibility   TEXT NOT NULL,
  guard         TEXT NOT NULL,
  effect        TEXT NOT NULL,
  notify        TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source <> ''),
  note          TEXT NOT NULL,
  PRIMARY KEY (workflow, action, from_state)
) STRICT;

CREATE TABLE evaluation_checklists (
  step   TEXT NOT NULL,
  item   TEXT NOT NULL,
  text   TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source <> ''),
  note   TEXT NOT NULL,
  PRIMARY KEY (step, item)
) STRICT;

CREATE TABLE programmes (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  nation       TEXT NOT NULL,
  organisation TEXT NOT NULL,
  title        TEXT NOT NULL,
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL CHECK (period_to > period_from),
  review_on    TEXT,
  state        TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX programmes_by_nation ON programmes (nation);
CREATE INDEX programmes_by_state ON programmes (state);

CREATE TABLE programme_objectives (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,
  programme   INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  description TEXT NOT NULL
) STRICT;
CREATE INDEX objectives_by_programme ON programme_objectives (programme);

CREATE TABLE parp_cycles (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  nation       TEXT NOT NULL,
  organisation TEXT NOT NULL,
  year         INTEGER NOT NULL,
  state        TEXT NOT NULL,
  eligibility  TEXT NOT NULL,
  opened_by    TEXT NOT NULL,
  opened_at    TEXT NOT NULL,
  UNIQUE (nation, organisation, year)
) STRICT;

CREATE TABLE partnership_goals (
  id        INTEGER PRIMARY KEY,
  version   INTEGER NOT NULL,
  programme INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  cycle     INTEGER NOT NULL,
  code      TEXT NOT NULL,
  title     TEXT NOT NULL,
  indicator TEXT NOT NULL
) STRICT;
CREATE INDEX goals_by_programme ON partnership_goals (programme);
CREATE INDEX goals_by_cycle ON partnership_goals (cycle);

CREATE TABLE goal_results (
  id       INTEGER PRIMARY KEY,
  version  INTEGER NOT NULL,
  goal     INTEGER NOT NULL REFERENCES partnership_goals(id) ON DELETE CASCADE,
  year     INTEGER NOT NULL,
  baseline TEXT NOT NULL,
  target   TEXT NOT NULL,
  actual   TEXT NOT NULL,
  note     TEXT NOT NULL,
  UNIQUE (goal, year)
) STRICT;

CREATE TABLE programme_activities (
  id         INTEGER PRIMARY KEY,
  version    INTEGER NOT NULL,
  programme  INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  goal       INTEGER NOT NULL,
  menu_item  TEXT NOT NULL,
  title      TEXT NOT NULL,
  valid_from TEXT,
  valid_to   TEXT,
  state      TEXT NOT NULL
) STRICT;
CREATE INDEX activities_by_programme ON programme_activities (programme);

CREATE TABLE workflow_transitions (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  workflow     TEXT NOT NULL,
  subject      INTEGER NOT NULL,
  action       TEXT NOT NULL,
  from_state   TEXT NOT NULL,
  to_state     TEXT NOT NULL,
  actor        TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  actor_nation TEXT NOT NULL,
  comment      TEXT NOT NULL,
  at           TEXT NOT NULL,
  effective    INTEGER NOT NULL CHECK (effective IN (0, 1)),
  request_id   TEXT NOT NULL
) STRICT;
CREATE INDEX transitions_by_subject ON workflow_transitions (workflow, subject);
CREATE INDEX transitions_by_actor ON workflow_transitions (actor);

CREATE TABLE council_rounds (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  workflow     TEXT NOT NULL,
  subject      INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  procedure    TEXT NOT NULL,
  question     TEXT NOT NULL,
  opened_by    TEXT NOT NULL,
  opened_at    TEXT NOT NULL,
  deadline     TEXT NOT NULL,
  state        TEXT NOT NULL,
  decided_at   TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  reasoning    TEXT NOT NULL
) STRICT;
CREATE INDEX rounds_by_subject ON council_rounds (workflow, subject);
CREATE INDEX rounds_by_state ON council_rounds (state);

CREATE TABLE council_positions (
  id       INTEGER PRIMARY KEY,
  version  INTEGER NOT NULL,
  round    INTEGER NOT NULL REFERENCES council_rounds(id) ON DELETE CASCADE,
  nation   TEXT NOT NULL,
  position TEXT NOT NULL,
  reason   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  at       TEXT NOT NULL,
  UNIQUE (round, nation)
) STRICT;

CREATE TABLE timers (
  id       INTEGER PRIMARY KEY,
  version  INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  subject  INTEGER NOT NULL,
  due_at   TEXT NOT NULL,
  fired_at TEXT NOT NULL
) STRICT;
CREATE INDEX timers_pending ON timers (fired_at, due_at);

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  version    INTEGER NOT NULL,
  account    INTEGER NOT NULL,
  workflow   TEXT NOT NULL,
  subject    INTEGER NOT NULL,
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at    TEXT NOT NULL
) STRICT;
CREATE INDEX notifications_by_account ON notifications (account, read_at);

CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,
  nation      TEXT NOT NULL,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  level       TEXT NOT NULL,
  declared_by TEXT NOT NULL,
  declared_at TEXT NOT NULL
) STRICT;

CREATE TABLE evaluations (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  unit         INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  step         TEXT NOT NULL,
  answers      TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  evaluator    TEXT NOT NULL,
  evaluated_on TEXT NOT NULL,
  note         TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX evaluations_by_unit ON evaluations (unit);

CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  version      INTEGER NOT NULL,
  menu_item    TEXT NOT NULL,
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL,
  organisation TEXT NOT NULL,
  activity     TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT NOT NULL CHECK (valid_to >= valid_from),
  location     TEXT NOT NULL,
  capacity     INTEGER NOT NULL CHECK (capacity > 0),
  state        TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_start ON events (valid_from);

CREATE TABLE invitations (
  id         INTEGER PRIMARY KEY,
  version    INTEGER NOT NULL,
  event      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  nation     TEXT NOT NULL,
  standing   TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  at         TEXT NOT NULL,
  UNIQUE (event, nation)
) STRICT;

CREATE TABLE registrations (
  id            INTEGER PRIMARY KEY,
  version       INTEGER NOT NULL,
  event         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  nation        TEXT NOT NULL,
  participant   TEXT NOT NULL,
  state         TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  at            TEXT NOT NULL
) STRICT;
CREATE INDEX registrations_by_event ON registrations (event, state);

CREATE TABLE feedback (
  id      INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  event   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  nation  TEXT NOT NULL,
  author  TEXT NOT NULL,
  rating  INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  text    TEXT NOT NULL,
  at      TEXT NOT NULL
) STRICT;
)sql";

// Indexes for what partnership management looks up by other columns than the id: an
// officer's invitations, a round's timers, an event's feedback, the parts under a goal or an
// objective.
constexpr std::string_view kMigration13 = R"sql(
CREATE INDEX invitations_by_nation ON invitations (nation);
CREATE INDEX timers_by_subject ON timers (kind, subject);
CREATE INDEX feedback_by_event ON feedback (event);
CREATE INDEX goals_by_objective ON partnership_goals (objective);
CREATE INDEX activities_by_goal ON programme_activities (goal);
CREATE INDEX goal_results_by_goal ON goal_results (goal, year);
)sql";

// The documents a workflow step refers to (URLs, ";"-separated), kept with the step.
constexpr std::string_view kMigration14 = R"sql(
ALTER TABLE workflow_transitions ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
)sql";

// Analytics. Reference tables, from `entente init`: NATO's defence expenditure figures and
// the spending guidelines, exercises and their participants, the alliances whose treaties
// are coded provision by provision, and the coverage of each dataset. The atop_ tables
// hold the files of the ATOP project a user imports (`entente atop import`), kept apart
// from Entente's own coding; a later init leaves them as they are.
constexpr std::string_view kMigration15 = R"sql(
CREATE TABLE defence_expenditure (
  nation           TEXT NOT NULL REFERENCES nations(iso3),
  year             INTEGER NOT NULL,
  expenditure_musd REAL,
  gdp_share        REAL,
  equipment_share  REAL,
  estimate         INTEGER NOT NULL CHECK (estimate IN (0, 1)),
  source           TEXT NOT NULL CHECK (source <> ''),
  note             TEXT NOT NULL,
  PRIMARY KEY (nation, year)
) STRICT;

CREATE TABLE spending_guidelines (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  agreed    TEXT NOT NULL,
  summit    TEXT NOT NULL,
  metric    TEXT NOT NULL,
  threshold REAL NOT NULL CHECK (threshold > 0),
  by_year   INTEGER NOT NULL,
  source    TEXT NOT NULL CHECK (source <> ''),
  note      TEXT NOT NULL
) STRICT;

CREATE TABLE exercises (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  start_day TEXT NOT NULL,
  end_day   TEXT NOT NULL CHECK (end_day >= start_day),
  lead      TEXT NOT NULL,
  location  TEXT NOT NULL,
  lat       REAL NOT NULL,
  lon       REAL NOT NULL,
  domain    TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source <> ''),
  note      TEXT NOT NULL
) STRICT;

CREATE TABLE exercise_participants (
  exercise TEXT NOT NULL REFERENCES exercises(id),
  nation   TEXT NOT NULL REFERENCES nations(iso3),
  role     TEXT NOT NULL,
  source   TEXT NOT NULL CHECK (source <> ''),
  note     TEXT NOT NULL,
  PRIMARY KEY (exercise, nation)
) STRICT;

CREATE TABLE alliances (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  treaty       TEXT NOT NULL,
  signed_on    TEXT NOT NULL,
  in_force     TEXT NOT NULL,
  ended        TEXT CHECK (ended IS NULL OR ended > in_force),
  organisation TEXT REFERENCES organisations(id),
  atop_id      TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source <> ''),
  note         TEXT NOT NULL
) STRICT;

CREATE TABLE alliance_members (
  alliance   TEXT NOT NULL REFERENCES alliances(id),
  nation     TEXT NOT NULL REFERENCES nations(iso3),
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (alliance, nation, valid_from)
) STRICT;

CREATE TABLE alliance_provisions (
  alliance   TEXT NOT NULL REFERENCES alliances(id),
  provision  TEXT NOT NULL,
  level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
  applies_to TEXT NOT NULL,
  article    TEXT NOT NULL,
  quote      TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL,
  PRIMARY KEY (alliance, provision, applies_to)
) STRICT;

CREATE TABLE dataset_coverage (
  dataset    TEXT PRIMARY KEY,
  valid_from TEXT NOT NULL,
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  source     TEXT NOT NULL CHECK (source <> ''),
  note       TEXT NOT NULL
) STRICT;

CREATE TABLE atop_imports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('alliances', 'members', 'dyads')),
  file_name   TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

CREATE TABLE atop_alliances (
  atopid  INTEGER PRIMARY KEY,
  begyr   INTEGER,
  endyr   INTEGER,
  defense INTEGER,
  offense INTEGER,
  neutral INTEGER,
  nonagg  INTEGER,
  consul  INTEGER,
  fields  TEXT NOT NULL
) STRICT;

CREATE TABLE atop_members (
  atopid INTEGER NOT NULL,
  member INTEGER NOT NULL,
  yrent  INTEGER,
  yrexit INTEGER,
  fields TEXT NOT NULL
) STRICT;
CREATE INDEX atop_members_by_alliance ON atop_members (atopid);

CREATE TABLE atop_dyads (
  state_a  INTEGER NOT NULL,
  state_b  INTEGER NOT NULL,
  year     INTEGER NOT NULL,
  atopally INTEGER,
  defense  INTEGER,
  offense  INTEGER,
  neutral  INTEGER,
  nonagg   INTEGER,
  consul   INTEGER,
  PRIMARY KEY (state_a, state_b, year)
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 15> kMigrations{{{kMigration1},
                                                 {kMigration2},
                                                 {kMigration3},
                                                 {kMigration4},
                                                 {kMigration5},
                                                 {kMigration6},
                                                 {kMigration7},
                                                 {"", convert_shapes_to_wkb},
                                                 {kMigration9},
                                                 {kMigration10},
                                                 {kMigration11},
                                                 {kMigration12},
                                                 {kMigration13},
                                                 {kMigration14},
                                                 {kMigration15}}};

// The record of the migrations applied. Databases from before it kept their count in
// PRAGMA user_version.
constexpr std::string_view kCreateSchemaMigrations = R"sql(
CREATE TABLE schema_migrations (
  number     INTEGER PRIMARY KEY CHECK (number > 0),
  applied_at TEXT NOT NULL
) STRICT;
)sql";

Status record_migration(sqlite3* db, int number) {
  Result<Statement> insert = Statement::prepare(
      db, "INSERT INTO schema_migrations (number, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  if (!insert) return insert.status();
  return insert->bind(number).execute();
}

Result<bool> has_schema_migrations(sqlite3* db) {
  Result<Statement> select =
      Statement::prepare(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!select) return select.status();
  if (!select->step()) return select->error();
  return select->integer(0) > 0;
}

Result<bool> is_recorded(sqlite3* db, int number) {
  Result<Statement> select = Statement::prepare(db, "SELECT count(*) FROM schema_migrations WHERE number = ?");
  if (!select) return select.status();
  select->bind(number);
  if (!select->step()) return select->error();
  return select->integer(0) > 0;
}

// Runs `work` in a transaction that takes the write lock at once; rolls back if it fails.
template <typename Work>
Status in_write_transaction(sqlite3* db, Work work) {
  if (Status status = exec(db, "BEGIN IMMEDIATE"); !status) return status;
  Status status = work();
  if (status) status = exec(db, "COMMIT");
  if (!status) (void)exec(db, "ROLLBACK");
  return status;
}

// Creates schema_migrations, recording the migrations PRAGMA user_version counts, unless
// it exists (another process may be doing the same: the check is repeated under the lock).
Status record_earlier_migrations(sqlite3* db) {
  Result<bool> exists = has_schema_migrations(db);
  if (!exists) return exists.status();
  if (*exists) return Status::ok();
  return in_write_transaction(db, [db]() -> Status {
    Result<bool> created = has_schema_migrations(db);
    if (!created) return created.status();
    if (*created) return Status::ok();
    if (Status status = exec(db, kCreateSchemaMigrations); !status) return status;
    Result<Statement> user_version = Statement::prepare(db, "PRAGMA user_version");
    if (!user_version) return user_version.status();
    if (!user_version->step()) return user_version->error();
    const int applied = user_version->integer(0);
    for (int number = 1; number <= applied; ++number) {
      if (Status status = record_migration(db, number); !status) return status;
    }
    return Status::ok();
  });
}

Status apply(sqlite3* db, int number, const Migration& migration) {
  return in_write_transaction(db, [&]() -> Status {
    // Another process may have applied it since the migrations were counted.
    Result<bool> recorded = is_recorded(db, number);
    if (!recorded) return recorded.status();
    if (*recorded) return Status::ok();
    if (Status status = exec(db, migration.sql); !status) return status;
    if (migration.convert != nullptr) {
      if (Status status = migration.convert(db); !status) return status;
    }
    return record_migration(db, number);
  });
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

Status migrate(sqlite3* db) {
  if (Status status = record_earlier_migrations(db); !status) {
    return Status(ErrorCode::kStorage, "recording the schema's migrations failed: " + status.message());
  }
  const int current = schema_version(db);
  const auto all = migrations();
  if (current < 0) return storage_error(db, "reading the schema's migrations");
  if (current > static_cast<int>(all.size())) {
    return Status(ErrorCode::kStorage, "the database has schema version " + std::to_string(current) +
                                           ", newer than this entente (" + std::to_string(all.size()) +
                                           "); upgrade entente or recreate the database with entente init");
  }
  for (int number = current + 1; number <= static_cast<int>(all.size()); ++number) {
    if (Status status = apply(db, number, all[static_cast<std::size_t>(number - 1)]); !status) {
      return Status(ErrorCode::kStorage, "migration " + std::to_string(number) + " failed: " + status.message());
    }
  }
  return Status::ok();
}

int schema_version(sqlite3* db) {
  Result<Statement> select = Statement::prepare(db, "SELECT coalesce(max(number), 0) FROM schema_migrations");
  if (!select || !select->step()) return -1;
  return select->integer(0);
}

}  // namespace entente::sqlite
