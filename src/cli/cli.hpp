#pragma once

#include <iosfwd>
#include <memory>

#include "core/date.hpp"

namespace entente {

// Runs the `entente` command line: parses argv, calls the engine, prints the answer to
// `out` and errors to `err`. Returns the process exit code: 0 on success, 1 when the
// request fails (unknown id, invalid data, storage error), 2 on a usage error.
// `clock` supplies "today" for queries without --as-of.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err, std::unique_ptr<Clock> clock);

}  // namespace entente
