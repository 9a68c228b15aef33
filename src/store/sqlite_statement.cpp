#include "store/sqlite_statement.hpp"

namespace entente::sqlite {

Status exec(sqlite3* db, std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    return Status(ErrorCode::kStorage, "running '" + text.substr(0, 80) + "': " + reason);
  }
  return Status::ok();
}

StatementCache::~StatementCache() {
  for (auto& [text, kept] : kept_) sqlite3_finalize(kept.statement);
}

Result<Statement> StatementCache::prepare(std::string_view sql) {
  auto found = kept_.find(sql);
  if (found == kept_.end()) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
        SQLITE_OK) {
      return storage_error(db_, "preparing a statement");
    }
    found = kept_.emplace(std::string(sql), Kept{raw, false}).first;
  }
  Kept& kept = found->second;
  if (kept.in_use) return Statement::prepare(db_, sql);
  kept.in_use = true;
  return Statement(db_, kept.statement, StatementRelease{&kept.in_use});
}

Status StatementCache::run(std::string_view sql) {
  Result<Statement> statement = prepare(sql);
  if (!statement) return statement.status();
  const int rc = sqlite3_step(statement->handle_.get());
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    return Status(ErrorCode::kStorage, "running '" + std::string(sql) + "': " + sqlite3_errmsg(db_));
  }
  return Status::ok();
}

}  // namespace entente::sqlite
