#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace entente {

// The rows of one table, immutable once shared and shared by every copy: copying a
// Dataset copies one pointer per table, so the snapshot after an edit shares every table
// the edit leaves alone (the country shapes, the nations, the other kinds of record).
//
// The rows are held in chunks. A table read from a file or a database is one chunk. The
// edits a snapshot publishes (erase_first, insert_ordered) split a large chunk once into
// small ones and then copy only the small chunk they change, so an edit costs a few dozen
// rows and one pointer per chunk, however large the table.
//
// Reading (the const members) never copies. edit() makes the rows one chunk of this
// object's own, copying them when they are shared, and returns them to change at will:
// the way to build a table (a loader, a test); do not keep its reference across a copy
// of the table. Like std::vector, one object is not to be changed by two threads at once;
// distinct copies may be read and changed on any threads.
template <typename T>
class SharedRows {
  using Chunk = std::vector<T>;
  struct Layout {
    std::vector<std::shared_ptr<Chunk>> chunks;  // none empty, unless the only one
    std::vector<std::size_t> starts;             // starts[c]: the index of the first row of chunks[c]
  };

 public:
  using value_type = T;
  using size_type = std::size_t;
  using const_reference = const T&;

  // Rows at or above kSplitAbove are split into chunks of kChunkRows before an edit.
  static constexpr std::size_t kChunkRows = 32;
  static constexpr std::size_t kSplitAbove = 2 * kChunkRows;

  class const_iterator {  // NOLINT(readability-identifier-naming): the standard containers' name
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    reference operator*() const { return (*(*chunks_)[chunk_])[row_]; }
    pointer operator->() const { return &**this; }
    const_iterator& operator++() {
      if (++row_ == (*chunks_)[chunk_]->size()) {
        ++chunk_;
        row_ = 0;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const const_iterator& other) const { return chunk_ == other.chunk_ && row_ == other.row_; }

   private:
    friend class SharedRows;
    const_iterator(const std::vector<std::shared_ptr<Chunk>>* chunks, std::size_t chunk)
        : chunks_(chunks), chunk_(chunk) {}
    const std::vector<std::shared_ptr<Chunk>>* chunks_ = nullptr;
    std::size_t chunk_ = 0;
    std::size_t row_ = 0;
  };
  using iterator = const_iterator;

  SharedRows() = default;
  SharedRows(std::vector<T> rows) { assign(std::move(rows)); }  // NOLINT(google-explicit-constructor)
  SharedRows(std::initializer_list<T> rows) { assign(std::vector<T>(rows)); }
  SharedRows& operator=(std::vector<T> rows) {
    assign(std::move(rows));
    return *this;
  }
  SharedRows& operator=(std::initializer_list<T> rows) { return *this = std::vector<T>(rows); }

  // Reading.
  size_type size() const {
    if (!layout_ || layout_->chunks.empty()) return 0;
    return layout_->starts.back() + layout_->chunks.back()->size();
  }
  bool empty() const { return size() == 0; }
  const T& operator[](size_type index) const {
    const auto& chunks = layout_->chunks;
    if (chunks.size() == 1) return (*chunks.front())[index];
    const auto& starts = layout_->starts;
    const std::size_t chunk =
        static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), index) - starts.begin()) - 1;
    return (*chunks[chunk])[index - starts[chunk]];
  }
  const T& at(size_type index) const {
    if (index >= size()) throw std::out_of_range("SharedRows::at");
    return (*this)[index];
  }
  const_iterator begin() const { return empty() ? end() : const_iterator(&layout_->chunks, 0); }
  const_iterator end() const {
    return layout_ ? const_iterator(&layout_->chunks, layout_->chunks.size()) : const_iterator();
  }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  const T& front() const { return layout_->chunks.front()->front(); }
  const T& back() const { return layout_->chunks.back()->back(); }

  // The index of `row` when it is one of these rows (the very object), else nullopt.
  std::optional<size_type> index_of(const T& row) const {
    if (!layout_) return std::nullopt;
    const std::less<const T*> before;
    for (std::size_t c = 0; c < layout_->chunks.size(); ++c) {
      const Chunk& chunk = *layout_->chunks[c];
      if (!before(&row, chunk.data()) && before(&row, chunk.data() + chunk.size())) {
        return layout_->starts[c] + static_cast<size_type>(&row - chunk.data());
      }
    }
    return std::nullopt;
  }

  // The index of the first row for which `before` is false, the rows being partitioned by
  // it (all rows it accepts first), as std::partition_point: O(log size).
  template <typename Predicate>
  size_type partition_point(Predicate before) const {
    if (empty()) return 0;
    const auto& chunks = layout_->chunks;
    const auto chunk = std::partition_point(chunks.begin(), chunks.end(),
                                            [&before](const std::shared_ptr<Chunk>& c) { return before(c->back()); });
    if (chunk == chunks.end()) return size();
    const std::size_t c = static_cast<std::size_t>(chunk - chunks.begin());
    return layout_->starts[c] +
           static_cast<size_type>(std::partition_point((*chunk)->begin(), (*chunk)->end(), before) - (*chunk)->begin());
  }

  // True when both hold the very same rows (not merely equal ones): whatever was derived
  // from one holds for the other.
  bool shares_rows_with(const SharedRows& other) const { return layout_ == other.layout_; }

  // Building: the rows as one chunk of this object's own.
  std::vector<T>& edit() {
    const bool own =
        layout_ && layout_.use_count() == 1 && layout_->chunks.size() == 1 && layout_->chunks.front().use_count() == 1;
    if (own) {
      // The last other holder let go: see everything it did (its release pairs with this).
      std::atomic_thread_fence(std::memory_order_acquire);
    } else {
      std::vector<T> rows;
      rows.reserve(size());
      rows.insert(rows.end(), begin(), end());
      layout_ = single(std::move(rows));
    }
    return *layout_->chunks.front();
  }
  // By value: the argument may be one of these rows, which edit() may free.
  void push_back(T row) { edit().push_back(std::move(row)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    T row(std::forward<Args>(args)...);
    return edit().emplace_back(std::move(row));
  }
  void reserve(size_type count) { edit().reserve(count); }
  void clear() { layout_.reset(); }

  // Publishing edits: each copies the chunk it changes, never the table.
  // Removes the first row `matches` accepts; false when none does.
  template <typename Match>
  bool erase_first(Match matches) {
    if (!layout_) return false;
    for (std::size_t c = 0; c < layout_->chunks.size(); ++c) {
      const Chunk& chunk = *layout_->chunks[c];
      const auto found = std::find_if(chunk.begin(), chunk.end(), matches);
      if (found == chunk.end()) continue;
      const auto offset = found - chunk.begin();
      Layout next = split_at(c);
      // Find the row again among the pieces chunk c became.
      std::size_t piece = c;
      auto at = static_cast<std::size_t>(offset);
      while (at >= next.chunks[piece]->size()) at -= next.chunks[piece++]->size();
      auto copy = std::make_shared<Chunk>(*next.chunks[piece]);
      copy->erase(copy->begin() + static_cast<std::ptrdiff_t>(at));
      if (copy->empty()) {
        next.chunks.erase(next.chunks.begin() + static_cast<std::ptrdiff_t>(piece));
      } else {
        next.chunks[piece] = std::move(copy);
      }
      publish(std::move(next));
      return true;
    }
    return false;
  }
  // Inserts `row` after every row not ordered after it by `less` (the rows must be in
  // that order already), as std::upper_bound would place it.
  template <typename Less>
  void insert_ordered(T row, Less less) {
    if (empty()) {
      assign(std::vector<T>{std::move(row)});
      return;
    }
    // The first chunk whose last row comes after `row`, else the last chunk.
    std::size_t c = 0;
    while (c + 1 < layout_->chunks.size() && !less(row, layout_->chunks[c]->back())) ++c;
    Layout next = split_at(c);
    std::size_t piece = c;
    while (piece + 1 < next.chunks.size() && piece + 1 < c + pieces_after_split(c) &&
           !less(row, next.chunks[piece]->back())) {
      ++piece;
    }
    auto copy = std::make_shared<Chunk>(*next.chunks[piece]);
    copy->insert(std::upper_bound(copy->begin(), copy->end(), row, less), std::move(row));
    if (copy->size() >= kSplitAbove) {
      auto tail = std::make_shared<Chunk>(std::make_move_iterator(copy->begin() + kChunkRows),
                                          std::make_move_iterator(copy->end()));
      copy->erase(copy->begin() + kChunkRows, copy->end());
      next.chunks.insert(next.chunks.begin() + static_cast<std::ptrdiff_t>(piece) + 1, std::move(tail));
    }
    next.chunks[piece] = std::move(copy);
    publish(std::move(next));
  }

 private:
  static std::shared_ptr<Layout> single(std::vector<T> rows) {
    auto layout = std::make_shared<Layout>();
    layout->chunks.push_back(std::make_shared<Chunk>(std::move(rows)));
    layout->starts.push_back(0);
    return layout;
  }
  void assign(std::vector<T> rows) {
    if (rows.empty()) {
      layout_.reset();
    } else {
      layout_ = single(std::move(rows));
    }
  }
  // How many chunks chunk `c` becomes in split_at.
  std::size_t pieces_after_split(std::size_t c) const {
    const std::size_t rows = layout_->chunks[c]->size();
    return rows < kSplitAbove ? 1 : (rows + kChunkRows - 1) / kChunkRows;
  }
  // A copy of the layout (the chunks shared) with chunk `c`, when large, split into
  // pieces of kChunkRows rows.
  Layout split_at(std::size_t c) const {
    Layout next;
    next.chunks.reserve(layout_->chunks.size() + pieces_after_split(c));
    next.chunks.insert(next.chunks.end(), layout_->chunks.begin(),
                       layout_->chunks.begin() + static_cast<std::ptrdiff_t>(c));
    const Chunk& chunk = *layout_->chunks[c];
    if (pieces_after_split(c) == 1) {
      next.chunks.push_back(layout_->chunks[c]);
    } else {
      for (std::size_t first = 0; first < chunk.size(); first += kChunkRows) {
        const std::size_t last = std::min(chunk.size(), first + kChunkRows);
        next.chunks.push_back(std::make_shared<Chunk>(chunk.begin() + static_cast<std::ptrdiff_t>(first),
                                                      chunk.begin() + static_cast<std::ptrdiff_t>(last)));
      }
    }
    next.chunks.insert(next.chunks.end(), layout_->chunks.begin() + static_cast<std::ptrdiff_t>(c) + 1,
                       layout_->chunks.end());
    return next;
  }
  void publish(Layout next) {
    if (next.chunks.empty()) {
      layout_.reset();
      return;
    }
    next.starts.resize(next.chunks.size());
    std::size_t start = 0;
    for (std::size_t c = 0; c < next.chunks.size(); ++c) {
      next.starts[c] = start;
      start += next.chunks[c]->size();
    }
    layout_ = std::make_shared<Layout>(std::move(next));
  }

  std::shared_ptr<Layout> layout_;
};

}  // namespace entente
