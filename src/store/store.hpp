#pragma once

#include <memory>
#include <string>

#include "core/status.hpp"
#include "model/model.hpp"
#include "store/transaction.hpp"

namespace entente {

// Persistent home of the dataset. Implementations are private to src/store/.
class Store {
 public:
  enum class OpenMode {
    kCreate,    // create the database file if it does not exist
    kExisting,  // fail with kStorage if it does not exist
  };

  virtual ~Store() = default;

  // Opens (and migrates to the current schema) an SQLite database in WAL mode with
  // foreign keys enforced. `path` may be ":memory:".
  static Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, OpenMode mode);

  // Everything stored, in a stable order (nations by code, periods by start).
  virtual Result<Dataset> load() = 0;

  // Replaces everything stored with `dataset` in one transaction: on failure nothing changes.
  virtual Status replace(const Dataset& dataset) = 0;

  // Number of migrations applied.
  virtual int schema_version() = 0;

  enum class Access {
    kRead,   // sees one consistent state; writes fail
    kWrite,  // takes the write lock at once: writers never interleave, across processes too
  };
  // Starts a unit of work (see transaction.hpp). One read and one write transaction at a
  // time per Store: begin waits while another of its access is open (a read may wait for a
  // write where the database cannot serve both at once, as an in-memory one). Never begin
  // a second transaction while holding one on the same thread. The Transaction must not
  // outlive the Store.
  virtual Result<std::unique_ptr<Transaction>> begin(Access access) = 0;
};

// The number of the newest migration this build knows.
int latest_schema_version();

}  // namespace entente
