#include "dynamo/replica_versions.h"

namespace dynamo {

absl::Span<const Version> ReplicaVersions(const VersionedStore& data, const VersionedStore* buffer,
                                          Key key, ResolutionMode mode, Siblings& scratch) {
  const absl::Span<const Version> stored = data.Get(key);
  if (buffer == nullptr || !buffer->Contains(key)) return stored;
  scratch.assign(stored.begin(), stored.end());
  for (const Version& version : buffer->Get(key)) Reconcile(scratch, version, mode);
  return scratch;
}

Siblings ReplicaVersions(const VersionedStore& data, const VersionedStore* buffer, Key key,
                         ResolutionMode mode) {
  Siblings scratch;
  const absl::Span<const Version> versions = ReplicaVersions(data, buffer, key, mode, scratch);
  return Siblings(versions.begin(), versions.end());
}

void AddHintedVersions(const absl::btree_map<NodeId, VersionedStore>& hints, Key key,
                       ResolutionMode mode, Siblings& versions) {
  for (const auto& [owner, hinted] : hints) {
    for (const Version& version : hinted.Get(key)) Reconcile(versions, version, mode);
  }
}

}  // namespace dynamo
