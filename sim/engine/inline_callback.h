// InlineCallback: a move-only `void()` callable stored in a fixed inline buffer, so scheduling an
// event never touches the heap. A capture that does not fit is a compile-time error, which keeps
// the hot path allocation-free by construction (capture a pointer and an index, not a payload).
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace sim {

class InlineCallback {
 public:
  static constexpr std::size_t kCapacityBytes = 48;

  InlineCallback() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, InlineCallback>>>
  InlineCallback(F&& function) {  // NOLINT: implicit, so lambdas convert at call sites
    using Stored = std::decay_t<F>;
    static_assert(sizeof(Stored) <= kCapacityBytes, "capture too large for InlineCallback");
    static_assert(alignof(Stored) <= alignof(std::max_align_t), "capture over-aligned");
    static_assert(std::is_nothrow_move_constructible_v<Stored>, "capture must be nothrow-movable");
    new (storage_) Stored(std::forward<F>(function));
    ops_ = &kOpsFor<Stored>;
  }

  InlineCallback(InlineCallback&& other) noexcept { MoveFrom(other); }
  InlineCallback& operator=(InlineCallback&& other) noexcept {
    if (this != &other) {
      Reset();
      MoveFrom(other);
    }
    return *this;
  }
  InlineCallback(const InlineCallback&) = delete;
  InlineCallback& operator=(const InlineCallback&) = delete;
  ~InlineCallback() { Reset(); }

  explicit operator bool() const { return ops_ != nullptr; }

  // REQUIRES: holds a callable.
  void operator()() { ops_->invoke(storage_); }

  void Reset() {
    if (ops_ != nullptr) {
      if (!ops_->trivial) ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void* storage);
    void (*move)(void* from, void* to);  // move-constructs into `to`, destroys `from`
    void (*destroy)(void* storage);
    // Trivially copyable and destructible (a capture of pointers and indexes, nearly every
    // event): moved by copying the buffer and destroyed by doing nothing, without the two
    // indirect calls per event (each event's callback is moved in, out and destroyed).
    bool trivial;
  };

  template <typename Stored>
  static constexpr Ops kOpsFor = {
      [](void* storage) { (*static_cast<Stored*>(storage))(); },
      [](void* from, void* to) {
        new (to) Stored(std::move(*static_cast<Stored*>(from)));
        static_cast<Stored*>(from)->~Stored();
      },
      [](void* storage) { static_cast<Stored*>(storage)->~Stored(); },
      std::is_trivially_copyable_v<Stored> && std::is_trivially_destructible_v<Stored>,
  };

  void MoveFrom(InlineCallback& other) {
    if (other.ops_ != nullptr) {
      if (other.ops_->trivial) {
        std::memcpy(storage_, other.storage_, kCapacityBytes);
      } else {
        other.ops_->move(other.storage_, storage_);
      }
      ops_ = other.ops_;
      other.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char storage_[kCapacityBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace sim
