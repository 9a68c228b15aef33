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

}  // namespace entente::sqlite
