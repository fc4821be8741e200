// VersionTable: the History's table of distinct versions, each kept once, compactly.
//
// Why encoded: every acknowledged put of a run adds a version the table has not seen, and a
// dynamo::Version was 184 bytes (its clock kept four entries inline) plus the shared value it
// keeps alive, about 290 bytes a put in all, which made the version table a third of a long
// run's peak memory (issue 12). Here a version is a run of variable-length integers (a register
// version with a two-entry clock is about 40 bytes) in fixed-size byte chunks that never move,
// and version(id) decodes a fresh dynamo::Version. Readers that decode are the checkers and
// exports, once or twice per op; the simulation only appends.
//
// Interning compares encodings: the encoding is a function of every field (decode(encode(v)) ==
// v), so two versions are equal exactly when their bytes are. Ids are dense from 0 in order of
// first appearance.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "dynamo/version.h"
#include "sim/chunked_log.h"

namespace sim {

// A version's index in a VersionTable.
using VersionId = uint32_t;
inline constexpr VersionId kNoVersion = UINT32_MAX;

class VersionTable {
 public:
  // The id of a version equal to `version` (with an empty value unless `keep_value`), appended if
  // none is there yet.
  //
  // `hint`: a version that is likely the one (a get most often returns the version a put of its
  // item was acknowledged with). Compared byte for byte, so a wrong hint costs one comparison
  // and changes nothing; a right one skips the hash table, a cache miss or two in a long run.
  VersionId Intern(const dynamo::Version& version, bool keep_value = true,
                   VersionId hint = kNoVersion);
  // The version `id` names (a copy: its value is a new one, equal to the interned value).
  // REQUIRES (checked): id < size().
  dynamo::Version Get(VersionId id) const;
  size_t size() const { return entries_.size(); }

 private:
  static constexpr size_t kChunkBytes = size_t{64} << 10;
  struct Entry {
    uint32_t chunk = 0;
    uint32_t offset = 0;
    uint32_t length = 0;
    VersionId next_same_hash = kNoVersion;  // the next version whose encoding hashes alike
  };
  std::string_view Bytes(const Entry& entry) const;

  // Byte chunks: each reserved at kChunkBytes (or one encoding's length, if longer) and never
  // grown past it, so an entry lies in one chunk and chunks never reallocate.
  std::vector<std::vector<char>> chunks_;
  ChunkedLog<Entry> entries_;
  // Hash of an encoding -> the first version with it; equal hashes chain through the entries
  // (rare; the bytes, not the hash, decide). Lookups only, never iterated.
  absl::flat_hash_map<uint64_t, VersionId> first_by_hash_;
  std::string scratch_;  // the encoding being interned (reused: no allocation per put)
};

}  // namespace sim
