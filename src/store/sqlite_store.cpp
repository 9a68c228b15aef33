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

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(DatabaseHandle db) : db_(std::move(db)) {}

  Status initialise() {
    if (Status status = exec("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"); !status) return status;
    if (Status status = exec("PRAGMA journal_mode = WAL;"); !status) return status;
    return sqlite::migrate(db_.get());
  }

  int schema_version() override { return sqlite::schema_version(db_.get()); }

  Result<std::unique_ptr<Transaction>> begin(Access access) override {
    return sqlite::begin_transaction(statements_, std::unique_lock(transaction_mutex_), access);
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
    const Status status = for_each_table(
        [&](const auto& table) { return sqlite::select_rows(db_.get(), table, (dataset.*table.rows).edit()); });
    if (!status) return status;
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

  // Empties every table, those that refer to others first, then writes each, the others first.
  Status write_all(const Dataset& dataset) {
    std::vector<std::string_view> tables;
    (void)for_each_table([&tables](const auto& table) {
      tables.push_back(table.name);
      return Status::ok();
    });
    for (auto table = tables.rbegin(); table != tables.rend(); ++table) {
      if (Status status = exec(("DELETE FROM " + std::string(*table)).c_str()); !status) return status;
    }
    return for_each_table(
        [&](const auto& table) { return sqlite::insert_rows(db_.get(), table, dataset.*table.rows); });
  }

  DatabaseHandle db_;
  sqlite::StatementCache statements_{db_.get()};  // finalized before the connection closes
  std::mutex transaction_mutex_;                  // one transaction at a time on this connection
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
