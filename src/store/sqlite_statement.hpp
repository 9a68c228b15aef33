#pragma once

// The SQLite plumbing shared by the SQLite implementations of the store's interfaces.
// Private to src/store/: nothing outside this folder sees an SQLite type.

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/date.hpp"
#include "core/status.hpp"

namespace entente::sqlite {

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
// Finalizes a statement of its own; a statement a StatementCache keeps is reset, its
// bindings cleared, and handed back instead.
struct StatementRelease {
  bool* in_use = nullptr;  // the cache's mark, for a kept statement
  void operator()(sqlite3_stmt* statement) const {
    if (in_use == nullptr) {
      sqlite3_finalize(statement);
      return;
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    *in_use = false;
  }
};
using DatabaseHandle = std::unique_ptr<sqlite3, DatabaseCloser>;

inline Status storage_error(sqlite3* db, const std::string& doing) {
  return Status(ErrorCode::kStorage, doing + ": " + sqlite3_errmsg(db));
}

// A prepared statement with positional binding from 1.
class Statement {
 public:
  static Result<Statement> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
      return storage_error(db, "preparing a statement");
    }
    return Statement(db, raw, StatementRelease{});
  }

  Statement& bind(const std::string& text) {
    sqlite3_bind_text(handle_.get(), next_++, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_blob(const std::string& bytes) {
    sqlite3_bind_blob(handle_.get(), next_++, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(long long number) {
    sqlite3_bind_int64(handle_.get(), next_++, number);
    return *this;
  }
  Statement& bind(double number) {
    sqlite3_bind_double(handle_.get(), next_++, number);
    return *this;
  }
  Statement& bind(const std::optional<Date>& date) {
    if (date) return bind(date->to_string());
    sqlite3_bind_null(handle_.get(), next_++);
    return *this;
  }
  Statement& bind(const std::optional<double>& number) {
    if (number) return bind(*number);
    sqlite3_bind_null(handle_.get(), next_++);
    return *this;
  }
  Statement& bind(Date date) { return bind(date.to_string()); }
  Statement& bind(std::int64_t number) { return bind(static_cast<long long>(number)); }
  Statement& bind(int number) { return bind(static_cast<long long>(number)); }
  Statement& bind(bool flag) { return bind(static_cast<long long>(flag ? 1 : 0)); }
  Statement& bind(const char* text) { return bind(std::string(text)); }
  // Binds SQL NULL when `text` is empty.
  Statement& bind_or_null(const std::string& text) {
    if (!text.empty()) return bind(text);
    sqlite3_bind_null(handle_.get(), next_++);
    return *this;
  }

  // Runs a statement that returns no rows, then resets it for the next bindings.
  Status execute() {
    const int rc = sqlite3_step(handle_.get());
    sqlite3_reset(handle_.get());
    sqlite3_clear_bindings(handle_.get());
    next_ = 1;
    if (rc != SQLITE_DONE) return storage_error(db_, "writing a row");
    return Status::ok();
  }

  // True while there is a row to read; false at the end. Errors surface through `error()`.
  bool step() {
    const int rc = sqlite3_step(handle_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) failed_ = true;
    return false;
  }
  Status error() const { return failed_ ? storage_error(db_, "reading rows") : Status::ok(); }
  // Rows changed by the last execute() on this connection.
  int changes() const { return sqlite3_changes(db_); }
  // The id of the last row inserted on this connection.
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  // Whether a column of the current row is NULL.
  bool is_null(int column) const { return sqlite3_column_type(handle_.get(), column) == SQLITE_NULL; }

  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(handle_.get(), column);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  }
  double number(int column) const { return sqlite3_column_double(handle_.get(), column); }
  std::optional<double> optional_number(int column) const {
    if (sqlite3_column_type(handle_.get(), column) == SQLITE_NULL) return std::nullopt;
    return number(column);
  }
  int integer(int column) const { return sqlite3_column_int(handle_.get(), column); }
  long long integer64(int column) const { return sqlite3_column_int64(handle_.get(), column); }
  std::string blob(int column) const {
    const void* data = sqlite3_column_blob(handle_.get(), column);
    const int size = sqlite3_column_bytes(handle_.get(), column);
    return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
  }
  // Dates were validated before they were written; a malformed one means the file was
  // edited by hand and reads as the epoch rather than aborting the whole load.
  Date date(int column) const { return optional_date(column).value_or(Date()); }
  std::optional<Date> optional_date(int column) const {
    if (sqlite3_column_type(handle_.get(), column) == SQLITE_NULL) return std::nullopt;
    Result<Date> date = Date::parse(text(column));
    if (!date) return std::nullopt;
    return *date;
  }

 private:
  friend class StatementCache;
  Statement(sqlite3* db, sqlite3_stmt* raw, StatementRelease release) : db_(db), handle_(raw, release) {}
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StatementRelease> handle_;
  int next_ = 1;
  bool failed_ = false;
};

// Runs `sql` (one or more statements, no rows wanted).
Status exec(sqlite3* db, std::string_view sql);

// Hashes std::string and std::string_view alike, for lookups without a copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// The statements of one connection, each prepared on its first use and kept, keyed by
// its text (a fixed set: no statement's text depends on a value). Used by one thread at
// a time, under the connection's transaction lock; must not outlive the connection, nor be
// outlived by the statements it hands out.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  sqlite3* db() const { return db_; }
  // The kept statement for `sql`; a statement of its own while the kept one is in use
  // (a statement prepared inside another's loop).
  Result<Statement> prepare(std::string_view sql);
  // Runs one statement that returns no rows ("BEGIN IMMEDIATE", "COMMIT"...).
  Status run(std::string_view sql);

 private:
  struct Kept {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, Kept, TextHash, std::equal_to<>> kept_;  // nodes stay put
};

}  // namespace entente::sqlite
