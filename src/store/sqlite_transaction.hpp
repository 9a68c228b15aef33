#pragma once

// The SQLite implementation of Transaction. Private to src/store/.

#include <memory>
#include <mutex>

#include "store/sqlite_statement.hpp"
#include "store/store.hpp"

namespace entente::sqlite {

// Begins a transaction on the connection of `statements`, holding `lock` (the store's
// one-transaction-at-a-time mutex) until the transaction ends.
Result<std::unique_ptr<Transaction>> begin_transaction(StatementCache& statements, std::unique_lock<std::mutex> lock,
                                                       Store::Access access);

}  // namespace entente::sqlite
