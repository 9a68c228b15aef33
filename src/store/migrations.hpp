#pragma once

#include <sqlite3.h>

#include <span>
#include <string_view>

#include "core/status.hpp"

namespace entente::sqlite {

// One numbered schema migration: SQL, then, in the same transaction, what SQL cannot do
// (re-encoding stored values), when there is such a step.
struct Migration {
  std::string_view sql;
  Status (*convert)(sqlite3* db) = nullptr;
};

// Numbered schema migrations; migration N (1-based) is element N-1. Published migrations
// are never edited: changes come as new migrations.
std::span<const Migration> migrations();

// Brings the database to the newest schema: applies, in order and each in its own
// transaction, every migration not yet recorded in the table schema_migrations (number,
// applied_at), recording it there. A database from before that table, whose PRAGMA
// user_version says N migrations were applied, first has 1..N recorded. Fails with
// kStorage, changing nothing more, at the first migration that fails, and for a database
// newer than this build.
Status migrate(sqlite3* db);

// The number of migrations applied; -1 when it cannot be read.
int schema_version(sqlite3* db);

}  // namespace entente::sqlite
