#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite_statement.hpp"
#include "store/sqlite_table.hpp"
#include "store/sqlite_transaction.hpp"
#include "store/store.hpp"
#include "store/tables.hpp"

namespace entente {

namespace {

using sqlite::DatabaseHandle;

// One connection to the database: its statements and its one transaction at a time.
struct Connection {
  explicit Connection(DatabaseHandle handle) : db(std::move(handle)) {}
  DatabaseHandle db;
  sqlite::StatementCache statements{db.get()};  // finalized before the connection closes
  std::mutex mutex;                             // one transaction at a time on this connection
};

using sqlite::exec;

// Opens a connection to `path` with `flags`, naming the file in the error.
Result<DatabaseHandle> open_connection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DatabaseHandle db(raw);
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kStorage,
                  "cannot open database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  return db;
}

// Two connections to a database file: the writer's, and the readers', so that a read (an
// API token checked, the revision polled) never waits for a write's commit to reach the
// disk; WAL lets a reader see the last committed state while a write is under way. An
// in-memory database has one connection for both.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(DatabaseHandle db) : writer_(std::make_unique<Connection>(std::move(db))) {}

  Status initialise() {
    Result<bool> wal = configure(writer_->db.get());
    if (!wal) return wal.status();
    wal_ = *wal;
    return sqlite::migrate(writer_->db.get());
  }

  // Whether readers may have a connection of their own: only in WAL mode does a reader
  // never block the writer's commit.
  bool wal() const { return wal_; }

  // Opens the readers' connection, after the writer has migrated the schema.
  Status open_reader(const std::string& path, int flags) {
    Result<DatabaseHandle> db = open_connection(path, flags);
    if (!db) return db.status();
    if (Result<bool> wal = configure(db->get()); !wal) return wal.status();
    reader_ = std::make_unique<Connection>(std::move(*db));
    return Status::ok();
  }

  int schema_version() override { return sqlite::schema_version(writer_->db.get()); }

  Result<std::unique_ptr<Transaction>> begin(Access access) override {
    Connection& connection = access == Access::kRead ? readers() : *writer_;
    return sqlite::begin_transaction(connection.statements, std::unique_lock(connection.mutex), access);
  }

  Result<Dataset> load() override {
    // One consistent state, however many tables it spans.
    Connection& connection = readers();
    const std::lock_guard lock(connection.mutex);
    if (Status status = exec(connection.db.get(), "BEGIN"); !status) return status;
    Result<Dataset> dataset = load_all(connection.db.get());
    (void)exec(connection.db.get(), "COMMIT");
    return dataset;
  }

  Status replace(const Dataset& dataset) override {
    const std::lock_guard lock(writer_->mutex);
    return replace_all(dataset);
  }

 private:
  // Sets the connection up; true when the database is in WAL mode (SQLite keeps another
  // mode where WAL cannot work, as on a file system without shared memory).
  static Result<bool> configure(sqlite3* db) {
    if (Status status = exec(db, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"); !status) return status;
    Result<sqlite::Statement> mode = sqlite::Statement::prepare(db, "PRAGMA journal_mode = WAL");
    if (!mode) return mode.status();
    if (!mode->step()) {
      if (Status status = mode->error(); !status) return status;
      return false;
    }
    return mode->text(0) == "wal";
  }

  Connection& readers() { return reader_ ? *reader_ : *writer_; }

  static Result<Dataset> load_all(sqlite3* db) {
    Dataset dataset;
    const Status status =
        for_each_table([&](const auto& table) { return sqlite::select_rows(db, table, (dataset.*table.rows).edit()); });
    if (!status) return status;
    return dataset;
  }

  Status replace_all(const Dataset& dataset) {
    sqlite3* db = writer_->db.get();
    if (Status status = exec(db, "BEGIN IMMEDIATE"); !status) return status;
    Status status = write_all(db, dataset);
    if (status) status = exec(db, "UPDATE store_revision SET revision = revision + 1");
    if (status) status = exec(db, "COMMIT");
    if (!status) {
      // Keep the first error; a failed rollback leaves SQLite to roll back on close.
      (void)exec(db, "ROLLBACK");
    }
    return status;
  }

  // Empties every table, those that refer to others first, then writes each, the others first.
  static Status write_all(sqlite3* db, const Dataset& dataset) {
    std::vector<std::string_view> tables;
    (void)for_each_table([&tables](const auto& table) {
      tables.push_back(table.name);
      return Status::ok();
    });
    for (auto table = tables.rbegin(); table != tables.rend(); ++table) {
      if (Status status = exec(db, ("DELETE FROM " + std::string(*table)).c_str()); !status) return status;
    }
    return for_each_table([&](const auto& table) { return sqlite::insert_rows(db, table, dataset.*table.rows); });
  }

  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;  // null for an in-memory database and outside WAL mode
  bool wal_ = false;
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
  Result<DatabaseHandle> db = open_connection(path, flags);
  if (!db) return db.status();
  auto store = std::make_unique<SqliteStore>(std::move(*db));
  if (Status status = store->initialise(); !status) return status;
  if (!path.empty() && path != ":memory:" && store->wal()) {  // else one connection for all
    if (Status status = store->open_reader(path, flags & ~SQLITE_OPEN_CREATE); !status) return status;
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace entente
