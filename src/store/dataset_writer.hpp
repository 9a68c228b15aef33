#pragma once

#include <string>

#include "core/status.hpp"
#include "model/model.hpp"

namespace entente {

// Writes `dataset` to `directory` as the reference data files (data/*.csv, the format
// read_dataset reads), one file per table description, rows in the store's order: what an
// edited database holds goes back to files, and two exports diff line by line. The
// country shapes come from the atlas, not from a data file, and are not written.
//
// Each file is written beside its final name and renamed into place, so a failure leaves
// no half-written file. Existing files are replaced only with `replace`; otherwise an
// existing file is kInvalidArgument and nothing is written.
Status write_dataset(const Dataset& dataset, const std::string& directory, bool replace);

}  // namespace entente
