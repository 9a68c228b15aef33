#pragma once

// The SQLite implementation of RowRepository. Private to src/store/.

#include <memory>

#include "store/sqlite_statement.hpp"
#include "store/transaction.hpp"

namespace entente::sqlite {

std::unique_ptr<RowRepository> make_row_repository(StatementCache& statements);

}  // namespace entente::sqlite
