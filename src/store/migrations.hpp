#pragma once

#include <span>
#include <string_view>

namespace entente::sqlite {

// Numbered schema migrations; migration N (1-based) is element N-1 and is applied once,
// in order, recorded in PRAGMA user_version. Published migrations are never edited:
// changes come as new migrations.
std::span<const std::string_view> migrations();

}  // namespace entente::sqlite
