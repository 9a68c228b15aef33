#include "store/migrations.hpp"

#include <array>

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

constexpr std::array<std::string_view, 2> kMigrations{kMigration1, kMigration2};

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

}  // namespace entente::sqlite
