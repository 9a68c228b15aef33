#pragma once

// The directed dyad-year panel: one row per ordered pair of nations (a, b), a != b, and
// year, with what ties a to b in that year (shared memberships, the organisations where a
// is a partner and b a member, a's alliance obligations towards b, shared exercises and
// operations). Written as CSV in chunks, never whole: prepare() builds per-year,
// per-nation bitsets once, and a cursor walks the rows from them.

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// The CSV header row of the panel, without its line end.
inline constexpr std::string_view kPanelCsvHeader =
    "year,a,b,shared_memberships,shared_organisations,a_partner_of_b_organisations,defense,offense,neutrality,"
    "nonaggression,consultation,shared_exercises,shared_operations";

inline constexpr int kPanelFirstYear = 1945;
inline constexpr int kPanelLastYear = 2100;
inline constexpr int kPanelDefaultFromYear = 1949;
inline constexpr int kPanelMaxYears = 200;
inline constexpr std::size_t kPanelMaxNations = 400;
// The size a chunk of CSV reaches before it is handed on (a chunk ends with a whole row).
inline constexpr std::size_t kPanelChunkBytes = std::size_t{64} * 1024;

struct PanelOptions {
  std::optional<int> from;           // first year; kPanelDefaultFromYear when empty
  std::optional<int> to;             // last year, inclusive; this year when empty
  std::vector<std::string> nations;  // ISO alpha-3 codes; empty: every nation of the registry
};

// Receives the panel's bytes in order; returns false to stop (the client went away).
using PanelSink = std::function<bool(std::string_view)>;

enum class PanelEncoding { kIdentity, kGzip };

// The fastest level: libdeflate's for a file (gzip members of 1 MiB blocks, compressed on
// every core), zlib's for a reply compressed as it is sent (one member).
inline constexpr int kPanelGzipLevel = 1;

struct PanelIndex;  // the prepared bitsets (panel.cpp)

// Walks the rows of a prepared panel a chunk at a time, header first. Holds the prepared
// index (not the registry), so it may outlive the request that made it.
class PanelCursor {
 public:
  explicit PanelCursor(std::shared_ptr<const PanelIndex> index, PanelEncoding encoding = PanelEncoding::kIdentity);
  ~PanelCursor();
  PanelCursor(PanelCursor&&) noexcept;
  PanelCursor& operator=(PanelCursor&&) noexcept;
  PanelCursor(const PanelCursor&) = delete;
  PanelCursor& operator=(const PanelCursor&) = delete;

  // Replaces `chunk` with the next bytes: about kPanelChunkBytes of CSV (or its gzip
  // encoding, which may be shorter, and ends with the gzip trailer). False, with `chunk`
  // empty, once everything has been returned.
  bool next(std::string& chunk);
  // Rows written so far.
  std::int64_t rows_written() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A panel ready to be written: validated options and the bitsets of every nation-year.
class DyadYearPanel {
 public:
  // Fails with kInvalidArgument naming the field ("from", "to", "nations") when from > to,
  // a year is outside kPanelFirstYear..kPanelLastYear, the range spans more than
  // kPanelMaxYears years, a nation code is unknown, or more than kPanelMaxNations are asked.
  // `this_year` is the default last year.
  static Result<DyadYearPanel> prepare(const Registry& registry, const PanelOptions& options, int this_year);

  int from() const;
  int to() const;
  // The nations considered (sorted by ISO alpha-3); a nation appears in the years it exists.
  const std::vector<std::string>& nations() const;
  // The exact number of rows (dyad-years), counted while preparing: for progress.
  std::int64_t row_count() const;

  // A cursor over the CSV, from the header row on.
  PanelCursor cursor(PanelEncoding encoding = PanelEncoding::kIdentity) const;
  // Writes the whole CSV to `sink` in chunks of about kPanelChunkBytes, or its gzip
  // encoding compressed on every core (gzip_in_parallel: chunks of about 100 KiB). kCancelled
  // when the sink returned false.
  Status write_csv(const PanelSink& sink, PanelEncoding encoding = PanelEncoding::kIdentity) const;
  // The whole CSV as one string; for tests and small panels.
  std::string to_csv() const;

  const std::shared_ptr<const PanelIndex>& index() const { return index_; }

 private:
  explicit DyadYearPanel(std::shared_ptr<const PanelIndex> index) : index_(std::move(index)) {}
  std::shared_ptr<const PanelIndex> index_;
};

// What the panel is, without its rows: years, nations, row count, the columns with the
// dataset each belongs to, and for each column the years it is missing (NA) in.
boost::json::value to_json(const DyadYearPanel& panel);

}  // namespace entente
