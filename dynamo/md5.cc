#include "dynamo/md5.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "dynamo/check.h"

namespace dynamo {
namespace {

// Per-round shift amounts (RFC 1321 section 3.4).
constexpr uint32_t kShifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                  5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// T[i] = floor(2^32 * abs(sin(i + 1))), tabulated so no floating point is involved.
constexpr uint32_t kSines[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

constexpr uint32_t RotateLeft(uint32_t x, uint32_t bits) {
  return (x << bits) | (x >> (32 - bits));
}

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  return uint32_t{bytes[0]} | (uint32_t{bytes[1]} << 8) | (uint32_t{bytes[2]} << 16) |
         (uint32_t{bytes[3]} << 24);
}

void StoreLittleEndian32(uint32_t value, uint8_t* bytes) {
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
}

}  // namespace

Md5::Md5() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::ProcessBlock(const uint8_t* block) {
  uint32_t words[16];
  for (int i = 0; i < 16; ++i) words[i] = LoadLittleEndian32(block + 4 * i);
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  for (uint32_t i = 0; i < 64; ++i) {
    uint32_t f;
    uint32_t g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    const uint32_t rotated = RotateLeft(a + f + kSines[i] + words[g], kShifts[i]);
    a = d;
    d = c;
    c = b;
    b = b + rotated;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::Update(const void* data, size_t size) {
  DYNAMO_CHECK(!finished_, "Md5::Update after Finish");
  const auto* bytes = static_cast<const uint8_t*>(data);
  total_bytes_ += size;
  while (size > 0) {
    const size_t take = size < 64 - buffered_ ? size : 64 - buffered_;
    if (buffered_ == 0 && take == 64) {
      ProcessBlock(bytes);  // Whole block straight from the input, no copy.
    } else {
      std::memcpy(buffer_ + buffered_, bytes, take);
      buffered_ += take;
      if (buffered_ == 64) {
        ProcessBlock(buffer_);
        buffered_ = 0;
      }
    }
    bytes += take;
    size -= take;
  }
}

Md5Digest Md5::Finish() {
  DYNAMO_CHECK(!finished_, "Md5::Finish called twice");
  const uint64_t total_bits = total_bytes_ * 8;
  // Pad with 0x80 then zeros to 56 mod 64, then the bit length, little-endian.
  uint8_t padding[72] = {0x80};
  const size_t pad_size = buffered_ < 56 ? 56 - buffered_ : 120 - buffered_;
  for (int i = 0; i < 8; ++i) padding[pad_size + i] = static_cast<uint8_t>(total_bits >> (8 * i));
  Update(padding, pad_size + 8);
  DYNAMO_CHECK(buffered_ == 0, "MD5 padding must end on a block boundary");
  finished_ = true;
  Md5Digest digest;
  for (int i = 0; i < 4; ++i) StoreLittleEndian32(state_[i], digest.data() + 4 * i);
  return digest;
}

Md5Digest ComputeMd5(std::string_view text) {
  Md5 md5;
  md5.Update(text);
  return md5.Finish();
}

std::array<char, 32> Md5Hex(const Md5Digest& digest) {
  constexpr char kHex[] = "0123456789abcdef";
  std::array<char, 32> hex;
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return hex;
}

namespace {

RingPosition ComputeKeyPosition(Key key) {
  uint8_t encoded[8];
  for (int i = 0; i < 8; ++i) encoded[i] = static_cast<uint8_t>(key >> (8 * i));
  Md5 md5;
  md5.Update(encoded, sizeof(encoded));
  const Md5Digest digest = md5.Finish();
  RingPosition position = 0;
  for (int i = 0; i < 8; ++i) position = (position << 8) | digest[i];
  return position;
}

// A memo of the keys' positions: every request looks its key up on the ring two or three times
// (entry node, coordinator, replicas), and an MD5 costs about as much as the rest of a lookup.
// Workload keys are 0..K-1, so the memo is a table indexed by key, grown (by doubling) to the
// largest key asked for, up to kKeyPositionTableKeys keys (128 MiB); each key's MD5 is computed
// once per thread. A larger key goes to a small direct-mapped memo instead. A pure function's
// memo, so nothing it holds can change a result. Per thread: sweep runs seeds on several threads,
// one run on each.
struct KeyPositionMemo {
  static constexpr Key kDenseKeys = kKeyPositionTableKeys;
  // Marks a key not yet computed. A key whose position is 0 (probability 2^-64) is recomputed on
  // every call, which is still correct.
  static constexpr RingPosition kUnknown = 0;
  std::vector<RingPosition> dense;

  static constexpr int kSparseBits = 12;  // 4,096 entries, 64 KiB
  static constexpr Key kNone = ~Key{0};   // marks an empty sparse entry; never memoised
  struct Entry {
    Key key = kNone;
    RingPosition position = 0;
  };
  std::array<Entry, size_t{1} << kSparseBits> sparse;
};

RingPosition DenseKeyPosition(KeyPositionMemo& memo, Key key) {
  if (key >= memo.dense.size()) {
    memo.dense.resize(std::min(KeyPositionMemo::kDenseKeys,
                               std::max<Key>(key + 1, 2 * memo.dense.size())),
                      KeyPositionMemo::kUnknown);
  }
  RingPosition& position = memo.dense[key];
  if (position == KeyPositionMemo::kUnknown) position = ComputeKeyPosition(key);
  return position;
}

}  // namespace

RingPosition KeyPosition(Key key) {
  static thread_local KeyPositionMemo memo;
  if (key < KeyPositionMemo::kDenseKeys) return DenseKeyPosition(memo, key);
  if (key == KeyPositionMemo::kNone) return ComputeKeyPosition(key);
  KeyPositionMemo::Entry& entry =
      memo.sparse[(key * 0x9E3779B97F4A7C15ull) >> (64 - KeyPositionMemo::kSparseBits)];
  if (entry.key != key) entry = {key, ComputeKeyPosition(key)};
  return entry.position;
}

}  // namespace dynamo
