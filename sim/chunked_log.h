// ChunkedLog<T>: an append-only sequence indexed from 0, stored in fixed-size chunks.
//
// Why not std::vector: the history of a long run holds millions of ops of about 500 bytes, and a
// vector that grows holds its old and new arrays at once (3x the ops at the moment it doubles,
// and up to 2x capacity after), so a run's peak memory was set by the last doubling rather than
// by its ops. Here appending allocates one chunk at a time and never moves an element: memory is
// the elements plus at most one partly filled chunk, and references to elements stay valid while
// the log grows.
#pragma once

#include <compare>
#include <cstddef>
#include <iterator>
#include <memory>
#include <type_traits>
#include <vector>

namespace sim {

template <typename T, size_t kChunkSize = 4096>
class ChunkedLog {
  static_assert(kChunkSize > 0);

 public:
  ChunkedLog() = default;
  ChunkedLog(ChunkedLog&&) noexcept = default;
  ChunkedLog& operator=(ChunkedLog&&) noexcept = default;
  ChunkedLog(const ChunkedLog& other) {
    for (const T& element : other) emplace_back() = element;
  }
  ChunkedLog& operator=(const ChunkedLog& other) {
    if (this != &other) *this = ChunkedLog(other);
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[i / kChunkSize][i % kChunkSize]; }
  const T& operator[](size_t i) const { return chunks_[i / kChunkSize][i % kChunkSize]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  // Appends a value-initialized element and returns it.
  T& emplace_back() {
    if (size_ == chunks_.size() * kChunkSize) {
      chunks_.push_back(std::make_unique<T[]>(kChunkSize));
    }
    return (*this)[size_++];
  }

  // Random access (std::lower_bound over ops in invocation order needs it).
  template <bool kConst>
  class Iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<kConst, const T*, T*>;
    using reference = std::conditional_t<kConst, const T&, T&>;
    using Log = std::conditional_t<kConst, const ChunkedLog, ChunkedLog>;

    Iterator() = default;
    Iterator(Log* log, size_t index) : log_(log), index_(index) {}
    reference operator*() const { return (*log_)[index_]; }
    pointer operator->() const { return &(*log_)[index_]; }
    reference operator[](difference_type n) const { return *(*this + n); }
    Iterator& operator+=(difference_type n) {
      index_ = static_cast<size_t>(static_cast<difference_type>(index_) + n);
      return *this;
    }
    Iterator& operator-=(difference_type n) { return *this += -n; }
    Iterator& operator++() { return *this += 1; }
    Iterator& operator--() { return *this -= 1; }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    Iterator operator--(int) {
      Iterator before = *this;
      --*this;
      return before;
    }
    friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
    friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
    friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const Iterator& a, const Iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }
    friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.index_ <=> b.index_; }

   private:
    Log* log_ = nullptr;
    size_t index_ = 0;
  };

  Iterator<false> begin() { return {this, 0}; }
  Iterator<false> end() { return {this, size_}; }
  Iterator<true> begin() const { return {this, 0}; }
  Iterator<true> end() const { return {this, size_}; }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace sim
