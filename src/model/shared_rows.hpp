#pragma once

#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace entente {

// The rows of one table, shared by every copy until one of them changes them
// (copy-on-write). Copying a Dataset copies one pointer per table, so the next snapshot
// after an edit shares every table the edit leaves alone: the country shapes, the
// nations, the other kinds of records.
//
// Reading (the const members) never copies. A non-const member first makes the rows this
// object's own, copying them when another holder shares them; iterators and references
// it returns stay valid until this object is copied or changed through another member.
// Do not keep a mutable reference across a copy of the table: the copy would share the
// change. Like std::vector, one object is not to be changed by two threads at once;
// distinct copies may be read and changed on any threads.
template <typename T>
class SharedRows {
 public:
  using value_type = T;
  using size_type = std::size_t;
  using reference = T&;
  using const_reference = const T&;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  SharedRows() = default;
  SharedRows(std::vector<T> rows)  // NOLINT(google-explicit-constructor): a table is its rows
      : rows_(std::make_shared<std::vector<T>>(std::move(rows))) {}
  SharedRows(std::initializer_list<T> rows) : rows_(std::make_shared<std::vector<T>>(rows)) {}

  // Reading.
  const std::vector<T>& rows() const { return rows_ ? *rows_ : empty_rows(); }
  operator const std::vector<T>&() const { return rows(); }  // NOLINT(google-explicit-constructor)
  size_type size() const { return rows().size(); }
  bool empty() const { return rows().empty(); }
  const T& operator[](size_type index) const { return rows()[index]; }
  const T& at(size_type index) const { return rows().at(index); }
  const_iterator begin() const { return rows().begin(); }
  const_iterator end() const { return rows().end(); }
  const_iterator cbegin() const { return rows().begin(); }
  const_iterator cend() const { return rows().end(); }
  const T& front() const { return rows().front(); }
  const T& back() const { return rows().back(); }
  const T* data() const { return rows().data(); }

  // True when both hold the very same rows (not merely equal ones): whatever was derived
  // from one holds for the other.
  bool shares_rows_with(const SharedRows& other) const { return rows_ == other.rows_; }

  // Changing: the rows become this object's own first.
  std::vector<T>& edit() {
    if (!rows_) {
      rows_ = std::make_shared<std::vector<T>>();
    } else if (rows_.use_count() != 1) {
      rows_ = std::make_shared<std::vector<T>>(*rows_);
    } else {
      // The last other holder let go: see everything it did before (its release of the
      // count pairs with this fence).
      std::atomic_thread_fence(std::memory_order_acquire);
    }
    return *rows_;
  }
  SharedRows& operator=(std::vector<T> rows) {
    rows_ = std::make_shared<std::vector<T>>(std::move(rows));
    return *this;
  }
  SharedRows& operator=(std::initializer_list<T> rows) { return *this = std::vector<T>(rows); }
  T& operator[](size_type index) { return edit()[index]; }
  iterator begin() { return edit().begin(); }
  iterator end() { return edit().end(); }
  T& front() { return edit().front(); }
  T& back() { return edit().back(); }
  void push_back(const T& row) { edit().push_back(row); }
  void push_back(T&& row) { edit().push_back(std::move(row)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return edit().emplace_back(std::forward<Args>(args)...);
  }
  void reserve(size_type count) { edit().reserve(count); }
  void clear() { rows_.reset(); }

 private:
  static const std::vector<T>& empty_rows() {
    static const std::vector<T> kEmpty;
    return kEmpty;
  }

  std::shared_ptr<std::vector<T>> rows_;
};

}  // namespace entente
