// MD5 (RFC 1321), implemented here so the ring's hash is fixed forever, and the ring position of
// a key.
//
// The paper (section 4.1) applies MD5 to the key and uses the 128-bit result as the key's
// position on the ring. We keep the top 64 bits: with at most millions of keys and thousands of
// tokens, 64 bits keep positions distinct (collision odds ~ n^2 / 2^65) and make every ring
// computation plain integer arithmetic.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dynamo/types.h"

namespace dynamo {

using Md5Digest = std::array<uint8_t, 16>;

// Incremental MD5. Update any number of times, then Finish once.
class Md5 {
 public:
  Md5();

  // Appends `size` bytes at `data`. REQUIRES: Finish has not been called.
  void Update(const void* data, size_t size);
  void Update(std::string_view text) { Update(text.data(), text.size()); }

  // Pads, returns the digest. REQUIRES: called at most once.
  Md5Digest Finish();

 private:
  void ProcessBlock(const uint8_t* block);

  uint32_t state_[4];
  uint64_t total_bytes_ = 0;
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  bool finished_ = false;
};

// One-shot MD5 of `text`.
Md5Digest ComputeMd5(std::string_view text);

// Lower-case hex of a digest (32 characters). For tests and reports, not hot paths.
std::array<char, 32> Md5Hex(const Md5Digest& digest);

// The ring position of `key`: the first 8 bytes, read big-endian, of MD5 over the key's 8-byte
// little-endian encoding. Memoised per thread: keys below kKeyPositionTableKeys in a table
// indexed by key (8 bytes a slot, grown by doubling to the largest key asked for, so at most 16
// bytes a key), any other key in a small fixed memo.
RingPosition KeyPosition(Key key);
inline constexpr Key kKeyPositionTableKeys = Key{1} << 24;

}  // namespace dynamo
