#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "store/migrations.hpp"
#include "store/sqlite_statement.hpp"
#include "store/sqlite_transaction.hpp"
#include "store/store.hpp"

namespace entente {

namespace {

using sqlite::DatabaseHandle;
using sqlite::Statement;
using sqlite::storage_error;

// Every table, those that refer to others first, so that deleting in this order never
// breaks a foreign key.
constexpr const char* kTablesChildrenFirst[] = {"decision_procedures", "military_personnel", "country_shapes",
                                                "sea_areas",           "territorial_units",  "operation_participants",
                                                "operations",          "consultations",      "eligibility",
                                                "council_seats",       "populations",        "territory_changes",
                                                "partnership_plans",   "partnerships",       "memberships",
                                                "frameworks",          "organisations",      "nations"};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(DatabaseHandle db) : db_(std::move(db)) {}

  Status initialise() {
    if (Status status = exec("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"); !status) return status;
    if (Status status = exec("PRAGMA journal_mode = WAL;"); !status) return status;
    return migrate();
  }

  int schema_version() override {
    Result<Statement> statement = Statement::prepare(db_.get(), "PRAGMA user_version");
    if (!statement || !statement->step()) return -1;
    return statement->integer(0);
  }

  Result<std::unique_ptr<Transaction>> begin(Access access) override {
    return sqlite::begin_transaction(db_.get(), std::unique_lock(transaction_mutex_), access);
  }

  Result<Dataset> load() override {
    // One consistent state, however many tables it spans.
    const std::lock_guard lock(transaction_mutex_);
    if (Status status = exec("BEGIN"); !status) return status;
    Result<Dataset> dataset = load_all();
    (void)exec("COMMIT");
    return dataset;
  }

  Status replace(const Dataset& dataset) override {
    const std::lock_guard lock(transaction_mutex_);
    return replace_all(dataset);
  }

 private:
  Result<Dataset> load_all() {
    Dataset dataset;
    if (Status status = load_nations(dataset); !status) return status;
    if (Status status = load_organisations(dataset); !status) return status;
    if (Status status = load_frameworks(dataset); !status) return status;
    if (Status status = load_memberships(dataset); !status) return status;
    if (Status status = load_partnerships(dataset); !status) return status;
    if (Status status = load_plans(dataset); !status) return status;
    if (Status status = load_territory_changes(dataset); !status) return status;
    if (Status status = load_rules_tables(dataset); !status) return status;
    if (Status status = load_shapes(dataset); !status) return status;
    return dataset;
  }

  Status replace_all(const Dataset& dataset) {
    if (Status status = exec("BEGIN IMMEDIATE"); !status) return status;
    Status status = write_all(dataset);
    if (status) status = exec("UPDATE store_revision SET revision = revision + 1");
    if (status) status = exec("COMMIT");
    if (!status) {
      // Keep the first error; a failed rollback leaves SQLite to roll back on close.
      (void)exec("ROLLBACK");
    }
    return status;
  }

  Status exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return Status(ErrorCode::kStorage, std::string("running '") + sql + "': " + text);
    }
    return Status::ok();
  }

  Status migrate() {
    const int current = schema_version();
    const auto all = sqlite::migrations();
    if (current > static_cast<int>(all.size())) {
      return Status(ErrorCode::kStorage, "the database has schema version " + std::to_string(current) +
                                             ", newer than this entente (" + std::to_string(all.size()) +
                                             "); upgrade entente or recreate the database with entente init");
    }
    for (int number = current + 1; number <= static_cast<int>(all.size()); ++number) {
      const std::string sql = "BEGIN;\n" + std::string(all[static_cast<std::size_t>(number - 1)]) +
                              "\nPRAGMA user_version = " + std::to_string(number) + ";\nCOMMIT;";
      if (Status status = exec(sql.c_str()); !status) {
        (void)exec("ROLLBACK");
        return Status(ErrorCode::kStorage, "migration " + std::to_string(number) + " failed: " + status.message());
      }
    }
    return Status::ok();
  }

  Status write_all(const Dataset& dataset) {
    for (const char* table : kTablesChildrenFirst) {
      if (Status status = exec((std::string("DELETE FROM ") + table).c_str()); !status) return status;
    }
    {
      Result<Statement> insert =
          Statement::prepare(db_.get(), "INSERT INTO nations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const Nation& n : dataset.nations) {
        insert->bind(n.iso3).bind(n.iso2).bind(n.iso_numeric).bind(n.name).bind(std::string(to_string(n.status)));
        insert->bind(n.region).bind(n.subregion).bind(n.capital).bind(n.capital_lat).bind(n.capital_lon);
        insert->bind(n.from).bind(n.to).bind(n.provenance.source).bind(n.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert =
          Statement::prepare(db_.get(), "INSERT INTO organisations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const Organisation& o : dataset.organisations) {
        insert->bind(o.id).bind(o.name).bind(o.founded).bind(o.dissolved).bind(o.headquarters);
        insert->bind(o.hq_lat).bind(o.hq_lon).bind(o.decision_rule).bind(o.provenance.source).bind(o.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert =
          Statement::prepare(db_.get(), "INSERT INTO frameworks VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?)");
      if (!insert) return insert.status();
      for (const Framework& f : dataset.frameworks) {
        insert->bind(f.id).bind(f.name).bind(f.organisation).bind(f.launched).bind(f.ended).bind(f.successor);
        insert->bind(f.provenance.source).bind(f.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert = Statement::prepare(db_.get(),
                                                    "INSERT INTO memberships (organisation, nation, valid_from, "
                                                    "valid_to, status, source, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const Membership& m : dataset.memberships) {
        insert->bind(m.organisation).bind(m.nation).bind(m.period.from).bind(m.period.to);
        insert->bind(std::string(to_string(m.status))).bind(m.provenance.source).bind(m.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert = Statement::prepare(db_.get(),
                                                    "INSERT INTO partnerships (framework, nation, valid_from, "
                                                    "valid_to, status, source, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const Partnership& p : dataset.partnerships) {
        insert->bind(p.framework).bind(p.nation).bind(p.period.from).bind(p.period.to);
        insert->bind(std::string(to_string(p.status))).bind(p.provenance.source).bind(p.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert = Statement::prepare(db_.get(),
                                                    "INSERT INTO partnership_plans (nation, organisation, plan, "
                                                    "valid_from, valid_to, source, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const PartnershipPlan& p : dataset.plans) {
        insert->bind(p.nation).bind(p.organisation).bind(p.plan).bind(p.period.from).bind(p.period.to);
        insert->bind(p.provenance.source).bind(p.provenance.note);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    {
      Result<Statement> insert =
          Statement::prepare(db_.get(),
                             "INSERT INTO territory_changes (organisation, nation, day, change, territory, source, "
                             "note, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.status();
      for (const TerritoryChange& t : dataset.territory_changes) {
        insert->bind(t.organisation).bind(t.nation).bind(t.date).bind(std::string(to_string(t.kind)));
        insert->bind(t.territory).bind(t.provenance.source).bind(t.provenance.note).bind(t.unit);
        if (Status status = insert->execute(); !status) return status;
      }
    }
    if (Status status = write_rules_tables(dataset); !status) return status;
    return write_shapes(dataset);
  }

  Status write_rules_tables(const Dataset& dataset) {
    const auto join = [](const std::vector<std::string>& items) {
      std::string text;
      for (const std::string& item : items) text += (text.empty() ? "" : ";") + item;
      return text;
    };
    const auto run = [this](const char* sql, const auto& rows, const auto& bind) -> Status {
      Result<Statement> insert = Statement::prepare(db_.get(), sql);
      if (!insert) return insert.status();
      for (const auto& row : rows) {
        bind(*insert, row);
        if (Status status = insert->execute(); !status) return status;
      }
      return Status::ok();
    };
    if (Status status = run("INSERT INTO populations VALUES (?, ?, ?, ?, ?)", dataset.populations,
                            [](Statement& st, const Population& p) {
                              st.bind(p.nation).bind(static_cast<long long>(p.year)).bind(p.population);
                              st.bind(p.provenance.source).bind(p.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status = run("INSERT INTO military_personnel VALUES (?, ?, ?, ?, ?)", dataset.military_personnel,
                            [](Statement& st, const MilitaryPersonnel& p) {
                              st.bind(p.nation).bind(static_cast<long long>(p.year)).bind(p.personnel);
                              st.bind(p.provenance.source).bind(p.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status = run("INSERT INTO council_seats VALUES (?, ?, ?, ?, ?, ?, ?)", dataset.council_seats,
                            [](Statement& st, const CouncilSeat& c) {
                              st.bind(c.council).bind(c.nation).bind(c.period.from).bind(c.period.to).bind(c.term);
                              st.bind(c.provenance.source).bind(c.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status = run("INSERT INTO eligibility VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", dataset.eligibility,
                            [](Statement& st, const EligibilityRule& e) {
                              st.bind(e.organisation).bind(e.standing).bind(e.activity);
                              st.bind(std::string(to_string(e.eligible))).bind(e.period.from).bind(e.period.to);
                              st.bind(e.conditions).bind(e.provenance.source).bind(e.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status = run("INSERT INTO consultations VALUES (?, ?, ?, ?, ?, ?, ?)", dataset.consultations,
                            [&join](Statement& st, const Consultation& c) {
                              st.bind(c.id).bind(c.date).bind(join(c.requested_by)).bind(c.occasion).bind(c.outcome);
                              st.bind(c.provenance.source).bind(c.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status =
            run("INSERT INTO operations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", dataset.operations,
                [&join](Statement& st, const Operation& o) {
                  st.bind(o.id).bind(o.name).bind(o.kind).bind(o.period.from).bind(o.period.to);
                  st.bind(o.area).bind(o.area_lat).bind(o.area_lon);
                  st.bind(std::string(to_string(o.legal_basis))).bind(join(o.unsc_resolutions));
                  st.bind(static_cast<long long>(o.article5 ? 1 : 0)).bind(o.host_consent).bind(o.summary);
                  st.bind(o.provenance.source).bind(o.provenance.note);
                });
        !status) {
      return status;
    }
    if (Status status = run("INSERT INTO operation_participants VALUES (?, ?, ?, ?, ?)", dataset.participants,
                            [](Statement& st, const OperationParticipant& p) {
                              st.bind(p.operation).bind(p.nation).bind(p.role);
                              st.bind(p.provenance.source).bind(p.provenance.note);
                            });
        !status) {
      return status;
    }
    if (Status status =
            run("INSERT INTO territorial_units (code, name, sovereign, lat, lon, radius_km, continent, "
                "north_of_tropic, in_north_atlantic, ruling, clause, reasoning, source, note, valid_from, "
                "valid_to, now_part_of, polygon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                dataset.territorial_units,
                [](Statement& st, const TerritorialUnit& u) {
                  st.bind(u.code).bind(u.name).bind(u.sovereign).bind(u.lat).bind(u.lon).bind(u.radius_km);
                  st.bind(u.continent).bind(u.north_of_tropic).bind(u.in_north_atlantic);
                  st.bind(std::string(to_string(u.ruling))).bind(u.clause).bind(u.reasoning);
                  st.bind(u.provenance.source).bind(u.provenance.note);
                  st.bind(u.from).bind(u.to).bind(u.now_part_of).bind(polygon_text(u.polygon));
                });
        !status) {
      return status;
    }
    if (Status status =
            run("INSERT INTO decision_procedures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", dataset.decision_procedures,
                [](Statement& st, const DecisionProcedure& d) {
                  st.bind(d.organisation).bind(d.procedure).bind(d.body);
                  st.bind(static_cast<long long>(d.usual ? 1 : 0)).bind(d.council);
                  st.bind(d.period.from).bind(d.period.to).bind(d.provenance.source).bind(d.provenance.note);
                });
        !status) {
      return status;
    }
    return run("INSERT INTO sea_areas VALUES (?, ?, ?, ?, ?, ?)", dataset.sea_areas,
               [](Statement& st, const SeaArea& a) {
                 st.bind(a.id).bind(a.name).bind(std::string(to_string(a.status))).bind(polygon_text(a.polygon));
                 st.bind(a.provenance.source).bind(a.provenance.note);
               });
  }

  // A polygon as the data files write it: "lon lat, lon lat, ...".
  static std::string polygon_text(const std::vector<std::pair<double, double>>& vertices) {
    std::string text;
    for (const auto& [lon, lat] : vertices) {
      text += (text.empty() ? "" : ", ") + format_number(lon) + " " + format_number(lat);
    }
    return text;
  }

  static std::vector<std::pair<double, double>> parse_polygon_text(const std::string& text) {
    std::vector<std::pair<double, double>> vertices;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find(',', start), text.size());
      double lon = 0;
      double lat = 0;
      if (std::sscanf(text.c_str() + start, "%lf %lf", &lon, &lat) == 2) vertices.emplace_back(lon, lat);
      start = end + 1;
    }
    return vertices;
  }

  static std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
  }

  static std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find(';', start), text.size());
      if (end > start) items.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return items;
  }

  Status load_rules_tables(Dataset& dataset) {
    const auto each = [this](const char* sql, const auto& read) -> Status {
      Result<Statement> select = Statement::prepare(db_.get(), sql);
      if (!select) return select.status();
      while (select->step()) read(*select);
      return select->error();
    };
    if (Status status = each("SELECT * FROM populations ORDER BY nation, year",
                             [&](Statement& st) {
                               dataset.populations.push_back(
                                   Population{st.text(0), st.integer(1), st.integer64(2), {st.text(3), st.text(4)}});
                             });
        !status) {
      return status;
    }
    if (Status status = each("SELECT * FROM military_personnel ORDER BY nation, year",
                             [&](Statement& st) {
                               dataset.military_personnel.push_back(MilitaryPersonnel{
                                   st.text(0), st.integer(1), st.integer64(2), {st.text(3), st.text(4)}});
                             });
        !status) {
      return status;
    }
    if (Status status = each(
            "SELECT * FROM council_seats ORDER BY council, valid_from, nation",
            [&](Statement& st) {
              dataset.council_seats.push_back(CouncilSeat{
                  st.text(0), st.text(1), {st.date(2), st.optional_date(3)}, st.text(4), {st.text(5), st.text(6)}});
            });
        !status) {
      return status;
    }
    if (Status status = each("SELECT * FROM eligibility ORDER BY organisation, standing, activity, valid_from",
                             [&](Statement& st) {
                               dataset.eligibility.push_back(
                                   EligibilityRule{st.text(0),
                                                   st.text(1),
                                                   st.text(2),
                                                   parse_eligibility(st.text(3)).value_or(Eligibility::kNo),
                                                   {st.date(4), st.optional_date(5)},
                                                   st.text(6),
                                                   {st.text(7), st.text(8)}});
                             });
        !status) {
      return status;
    }
    if (Status status =
            each("SELECT * FROM consultations ORDER BY day, id",
                 [&](Statement& st) {
                   dataset.consultations.push_back(Consultation{
                       st.text(0), st.date(1), split(st.text(2)), st.text(3), st.text(4), {st.text(5), st.text(6)}});
                 });
        !status) {
      return status;
    }
    if (Status status = each("SELECT * FROM operations ORDER BY valid_from, id",
                             [&](Statement& st) {
                               Operation o;
                               o.id = st.text(0);
                               o.name = st.text(1);
                               o.kind = st.text(2);
                               o.period = {st.date(3), st.optional_date(4)};
                               o.area = st.text(5);
                               o.area_lat = st.number(6);
                               o.area_lon = st.number(7);
                               o.legal_basis = parse_legal_basis(st.text(8)).value_or(LegalBasis::kNoneExplicit);
                               o.unsc_resolutions = split(st.text(9));
                               o.article5 = st.integer(10) != 0;
                               o.host_consent = st.text(11);
                               o.summary = st.text(12);
                               o.provenance = {st.text(13), st.text(14)};
                               dataset.operations.push_back(std::move(o));
                             });
        !status) {
      return status;
    }
    if (Status status = each("SELECT * FROM operation_participants ORDER BY operation, nation",
                             [&](Statement& st) {
                               dataset.participants.push_back(
                                   OperationParticipant{st.text(0), st.text(1), st.text(2), {st.text(3), st.text(4)}});
                             });
        !status) {
      return status;
    }
    if (Status status = each("SELECT code, name, sovereign, lat, lon, radius_km, continent, north_of_tropic, "
                             "in_north_atlantic, ruling, clause, reasoning, source, note, valid_from, valid_to, "
                             "now_part_of, polygon FROM territorial_units ORDER BY code",
                             [&](Statement& st) {
                               TerritorialUnit u;
                               u.code = st.text(0);
                               u.name = st.text(1);
                               u.sovereign = st.text(2);
                               u.lat = st.number(3);
                               u.lon = st.number(4);
                               u.radius_km = st.number(5);
                               u.continent = st.text(6);
                               u.north_of_tropic = st.text(7);
                               u.in_north_atlantic = st.text(8);
                               u.ruling = parse_scope_ruling(st.text(9)).value_or(ScopeRuling::kContested);
                               u.clause = st.text(10);
                               u.reasoning = st.text(11);
                               u.provenance = {st.text(12), st.text(13)};
                               u.from = st.optional_date(14);
                               u.to = st.optional_date(15);
                               u.now_part_of = st.text(16);
                               u.polygon = parse_polygon_text(st.text(17));
                               dataset.territorial_units.push_back(std::move(u));
                             });
        !status) {
      return status;
    }
    if (Status status =
            each("SELECT * FROM decision_procedures ORDER BY organisation, valid_from, procedure",
                 [&](Statement& st) {
                   dataset.decision_procedures.push_back(DecisionProcedure{st.text(0),
                                                                           st.text(1),
                                                                           st.text(2),
                                                                           st.integer(3) != 0,
                                                                           st.text(4),
                                                                           {st.date(5), st.optional_date(6)},
                                                                           {st.text(7), st.text(8)}});
                 });
        !status) {
      return status;
    }
    return each("SELECT * FROM sea_areas ORDER BY id", [&](Statement& st) {
      SeaArea a;
      a.id = st.text(0);
      a.name = st.text(1);
      a.status = parse_scope_ruling(st.text(2)).value_or(ScopeRuling::kContested);
      a.polygon = parse_polygon_text(st.text(3));
      a.provenance = {st.text(4), st.text(5)};
      dataset.sea_areas.push_back(std::move(a));
    });
  }

  Status write_shapes(const Dataset& dataset) {
    Result<Statement> insert = Statement::prepare(db_.get(), "INSERT INTO country_shapes VALUES (?, ?, ?)");
    if (!insert) return insert.status();
    for (const CountryShape& shape : dataset.country_shapes) {
      std::string blob;
      const auto put_count = [&blob](std::size_t count) {
        const auto value = static_cast<std::int32_t>(count);
        blob.append(reinterpret_cast<const char*>(&value), sizeof value);
      };
      put_count(shape.polygons.size());
      for (const PolygonRings& polygon : shape.polygons) {
        put_count(polygon.size());
        for (const Ring& ring : polygon) {
          put_count(ring.size());
          for (const auto& [lon, lat] : ring) {
            blob.append(reinterpret_cast<const char*>(&lon), sizeof lon);
            blob.append(reinterpret_cast<const char*>(&lat), sizeof lat);
          }
        }
      }
      insert->bind(shape.id).bind(shape.name).bind_blob(blob);
      if (Status status = insert->execute(); !status) return status;
    }
    return Status::ok();
  }

  Status load_shapes(Dataset& dataset) {
    Result<Statement> select =
        Statement::prepare(db_.get(), "SELECT id, name, geometry FROM country_shapes ORDER BY id");
    if (!select) return select.status();
    while (select->step()) {
      CountryShape shape{select->text(0), select->text(1), {}};
      const std::string blob = select->blob(2);
      std::size_t at = 0;
      bool ok = true;
      const auto take_count = [&]() -> std::size_t {
        std::int32_t value = 0;
        if (at + sizeof value > blob.size()) {
          ok = false;
          return 0;
        }
        std::memcpy(&value, blob.data() + at, sizeof value);
        at += sizeof value;
        if (value < 0) {
          ok = false;
          return 0;
        }
        return static_cast<std::size_t>(value);
      };
      const std::size_t polygons = take_count();
      for (std::size_t p = 0; ok && p < polygons; ++p) {
        PolygonRings polygon;
        const std::size_t rings = take_count();
        for (std::size_t r = 0; ok && r < rings; ++r) {
          const std::size_t vertices = take_count();
          if (!ok || at + vertices * 2 * sizeof(double) > blob.size()) {
            ok = false;
            break;
          }
          Ring ring(vertices);
          for (auto& [lon, lat] : ring) {
            std::memcpy(&lon, blob.data() + at, sizeof lon);
            std::memcpy(&lat, blob.data() + at + sizeof lon, sizeof lat);
            at += 2 * sizeof(double);
          }
          polygon.push_back(std::move(ring));
        }
        shape.polygons.push_back(std::move(polygon));
      }
      if (!ok)
        return Status(ErrorCode::kStorage, "the stored shape of " + shape.name + " is corrupt; run entente init");
      dataset.country_shapes.push_back(std::move(shape));
    }
    return select->error();
  }

  Status load_territory_changes(Dataset& dataset) {
    Result<Statement> select =
        Statement::prepare(db_.get(),
                           "SELECT organisation, nation, day, change, territory, source, note, unit FROM "
                           "territory_changes ORDER BY day, organisation, nation, territory");
    if (!select) return select.status();
    while (select->step()) {
      TerritoryChange t;
      t.organisation = select->text(0);
      t.nation = select->text(1);
      t.date = select->date(2);
      t.kind = parse_territory_change_kind(select->text(3)).value_or(TerritoryChangeKind::kExtension);
      t.territory = select->text(4);
      t.provenance = {select->text(5), select->text(6)};
      t.unit = select->text(7);
      dataset.territory_changes.push_back(std::move(t));
    }
    return select->error();
  }

  Status load_nations(Dataset& dataset) {
    Result<Statement> select = Statement::prepare(db_.get(), "SELECT * FROM nations ORDER BY iso3");
    if (!select) return select.status();
    while (select->step()) {
      Nation n;
      n.iso3 = select->text(0);
      n.iso2 = select->text(1);
      n.iso_numeric = select->text(2);
      n.name = select->text(3);
      n.status = parse_nation_status(select->text(4)).value_or(NationStatus::kOther);
      n.region = select->text(5);
      n.subregion = select->text(6);
      n.capital = select->text(7);
      n.capital_lat = select->number(8);
      n.capital_lon = select->number(9);
      n.from = select->optional_date(10);
      n.to = select->optional_date(11);
      n.provenance = {select->text(12), select->text(13)};
      dataset.nations.push_back(std::move(n));
    }
    return select->error();
  }

  Status load_organisations(Dataset& dataset) {
    Result<Statement> select = Statement::prepare(db_.get(), "SELECT * FROM organisations ORDER BY id");
    if (!select) return select.status();
    while (select->step()) {
      Organisation o;
      o.id = select->text(0);
      o.name = select->text(1);
      o.founded = select->date(2);
      o.dissolved = select->optional_date(3);
      o.headquarters = select->text(4);
      o.hq_lat = select->number(5);
      o.hq_lon = select->number(6);
      o.decision_rule = select->text(7);
      o.provenance = {select->text(8), select->text(9)};
      dataset.organisations.push_back(std::move(o));
    }
    return select->error();
  }

  Status load_frameworks(Dataset& dataset) {
    Result<Statement> select = Statement::prepare(db_.get(), "SELECT * FROM frameworks ORDER BY launched, id");
    if (!select) return select.status();
    while (select->step()) {
      Framework f;
      f.id = select->text(0);
      f.name = select->text(1);
      f.organisation = select->text(2);
      f.launched = select->date(3);
      f.ended = select->optional_date(4);
      f.successor = select->text(5);
      f.provenance = {select->text(6), select->text(7)};
      dataset.frameworks.push_back(std::move(f));
    }
    return select->error();
  }

  Status load_memberships(Dataset& dataset) {
    Result<Statement> select =
        Statement::prepare(db_.get(),
                           "SELECT organisation, nation, valid_from, valid_to, status, source, note, id, version FROM "
                           "memberships ORDER BY organisation, valid_from, nation");
    if (!select) return select.status();
    while (select->step()) {
      Membership m;
      m.organisation = select->text(0);
      m.nation = select->text(1);
      m.period = {select->date(2), select->optional_date(3)};
      m.status = parse_membership_status(select->text(4)).value_or(MembershipStatus::kMember);
      m.provenance = {select->text(5), select->text(6)};
      m.stamp = {select->integer64(7), select->integer64(8)};
      dataset.memberships.push_back(std::move(m));
    }
    return select->error();
  }

  Status load_partnerships(Dataset& dataset) {
    Result<Statement> select =
        Statement::prepare(db_.get(),
                           "SELECT framework, nation, valid_from, valid_to, status, source, note, id, version FROM "
                           "partnerships ORDER BY framework, valid_from, nation");
    if (!select) return select.status();
    while (select->step()) {
      Partnership p;
      p.framework = select->text(0);
      p.nation = select->text(1);
      p.period = {select->date(2), select->optional_date(3)};
      p.status = parse_partnership_status(select->text(4)).value_or(PartnershipStatus::kActive);
      p.provenance = {select->text(5), select->text(6)};
      p.stamp = {select->integer64(7), select->integer64(8)};
      dataset.partnerships.push_back(std::move(p));
    }
    return select->error();
  }

  Status load_plans(Dataset& dataset) {
    Result<Statement> select =
        Statement::prepare(db_.get(),
                           "SELECT nation, organisation, plan, valid_from, valid_to, source, note, id, version FROM "
                           "partnership_plans ORDER BY nation, valid_from, plan");
    if (!select) return select.status();
    while (select->step()) {
      PartnershipPlan p;
      p.nation = select->text(0);
      p.organisation = select->text(1);
      p.plan = select->text(2);
      p.period = {select->date(3), select->optional_date(4)};
      p.provenance = {select->text(5), select->text(6)};
      p.stamp = {select->integer64(7), select->integer64(8)};
      dataset.plans.push_back(std::move(p));
    }
    return select->error();
  }

  DatabaseHandle db_;
  std::mutex transaction_mutex_;  // one transaction at a time on this connection
};

}  // namespace

int latest_schema_version() { return static_cast<int>(sqlite::migrations().size()); }

Result<std::unique_ptr<Store>> Store::open_sqlite(const std::string& path, OpenMode mode) {
  if (mode == OpenMode::kExisting && path != ":memory:" && !std::filesystem::exists(path)) {
    return Status(ErrorCode::kStorage,
                  "database " + path + " does not exist; create it with 'entente init --db " + path + "'");
  }
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DatabaseHandle db(raw);
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kStorage,
                  "cannot open database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  auto store = std::make_unique<SqliteStore>(std::move(db));
  if (Status status = store->initialise(); !status) return status;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace entente
