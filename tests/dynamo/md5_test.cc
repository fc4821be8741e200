#include "dynamo/md5.h"

#include <string>

#include "gtest/gtest.h"

namespace dynamo {
namespace {

std::string Hex(std::string_view text) {
  const auto hex = Md5Hex(ComputeMd5(text));
  return std::string(hex.begin(), hex.end());
}

// RFC 1321, appendix A.5 ("test suite").
TEST(Md5Test, Rfc1321TestSuite) {
  EXPECT_EQ(Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(Hex("1234567890123456789012345678901234567890123456789012345678901234567890123456"
                "7890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// Lengths around the padding boundary (55/56/64 bytes) and a multi-block input; expected values
// from Python's hashlib.
TEST(Md5Test, PaddingBoundaries) {
  EXPECT_EQ(Hex(std::string(55, 'x')), "04364420e25c512fd958a70738aa8f72");
  EXPECT_EQ(Hex(std::string(56, 'x')), "668a72d5ba17f08e62dabcafad6db14b");
  EXPECT_EQ(Hex(std::string(64, 'x')), "c1bb4f81d892b2d57947682aeb252456");
  EXPECT_EQ(Hex(std::string(1000, 'x')), "398533d48111e9f664b1f64cb10c4b63");
}

TEST(Md5Test, IncrementalUpdatesMatchOneShot) {
  const std::string text(1000, 'x');
  for (size_t chunk : {1u, 7u, 63u, 64u, 65u, 333u}) {
    Md5 md5;
    for (size_t at = 0; at < text.size(); at += chunk) {
      md5.Update(std::string_view(text).substr(at, chunk));
    }
    EXPECT_EQ(md5.Finish(), ComputeMd5(text)) << "chunk " << chunk;
  }
}

// First 8 bytes, big-endian, of MD5 over the key's little-endian bytes (hashlib:
// md5(struct.pack('<Q', key)).digest()[:8]).
TEST(Md5Test, KeyPositionIsTopEightBytesOfMd5OfLittleEndianKey) {
  EXPECT_EQ(KeyPosition(0), 0x7dea362b3fac8e00ULL);
  EXPECT_EQ(KeyPosition(1), 0x33cdeccccebe8032ULL);
  EXPECT_EQ(KeyPosition(2), 0x69c1753bd5f81501ULL);
  EXPECT_EQ(KeyPosition(42), 0xe8bdc34458096e6dULL);
  EXPECT_EQ(KeyPosition(1000), 0x6a6874884400eacfULL);
  EXPECT_EQ(KeyPosition(~uint64_t{0}), 0xc2cb56f4c5bf656fULL);
}

TEST(Md5Test, KeyPositionAgreesWithComputeMd5) {
  const std::string bytes("\x2a\0\0\0\0\0\0\0", 8);  // 42, little-endian
  const Md5Digest digest = ComputeMd5(bytes);
  RingPosition expected = 0;
  for (int i = 0; i < 8; ++i) expected = (expected << 8) | digest[i];
  EXPECT_EQ(KeyPosition(42), expected);
}

// KeyPosition memoises keys per thread (a table by key below 2^24, growing to the largest key
// asked for; a direct-mapped memo above): whatever was asked before, and in whatever order (the
// table grows while it answers; sparse keys that share a slot evict each other), it answers what
// MD5 says.
TEST(Md5Test, KeyPositionMemoNeverChangesAnAnswer) {
  auto direct = [](uint64_t key) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(key >> (8 * i));
    const Md5Digest digest = ComputeMd5(bytes);
    RingPosition position = 0;
    for (int i = 0; i < 8; ++i) position = (position << 8) | digest[i];
    return position;
  };
  // Keys either side of the table's end, first: the table grows from one asked key to the next.
  for (uint64_t key : {uint64_t{5}, (uint64_t{1} << 24) - 1, uint64_t{1} << 24, uint64_t{3},
                       (uint64_t{1} << 24) + 1, uint64_t{100'000}}) {
    ASSERT_EQ(KeyPosition(key), direct(key)) << "key " << key;
  }
  // 40,000 keys, each pass in another order, twice; the last pass's keys are past the table and
  // overflow the sparse memo's 4,096 slots.
  for (uint64_t pass = 0; pass < 3; ++pass) {
    for (uint64_t i = 0; i < 40'000; ++i) {
      const uint64_t high = pass == 2 ? uint64_t{1} << 39 : 0;
      const uint64_t key = (i * (2 * pass + 1) * 7919) % 40'000 + high;
      ASSERT_EQ(KeyPosition(key), direct(key)) << "key " << key << ", pass " << pass;
      ASSERT_EQ(KeyPosition(key), direct(key)) << "key " << key << ", again";
    }
  }
  EXPECT_EQ(KeyPosition(~uint64_t{0}), direct(~uint64_t{0}));  // the memo's empty mark
}

}  // namespace
}  // namespace dynamo
