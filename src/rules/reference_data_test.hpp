#pragma once

#include <gtest/gtest.h>

#include <utility>

#include "registry/registry.hpp"
#include "rules/article6.hpp"
#include "store/atlas_reader.hpp"

namespace entente {

// A test suite over the shipped reference data (data/) and the atlas, loaded once per
// suite. Tests run from the repository root, where data/ holds both.
class ReferenceDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_reference_dataset();
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    registry_ = new Registry(std::move(*dataset));  // NOLINT(cppcoreguidelines-owning-memory)
    area_ = new TreatyArea(*registry_);             // NOLINT(cppcoreguidelines-owning-memory)
  }
  static void TearDownTestSuite() {
    delete area_;      // NOLINT(cppcoreguidelines-owning-memory)
    delete registry_;  // NOLINT(cppcoreguidelines-owning-memory)
    area_ = nullptr;
    registry_ = nullptr;
  }

  static inline Registry* registry_ = nullptr;
  static inline TreatyArea* area_ = nullptr;
};

}  // namespace entente
