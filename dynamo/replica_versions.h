// The one answer to "which versions of key k does node x hold?", shared by the node logic and the
// simulator's checkers so they can never disagree about it.
//
// A replica's versions of a key are its stored data plus its unflushed write buffer (paper
// section 6.1), reconciled: what the node's get path answers as a replica. Hints a stand-in keeps
// for other nodes (paper section 4.6) are not among them: they are the owner's versions, held
// until the owner acknowledges them. The get path and range transfer add them separately
// (AddHintedVersions), because a stand-in answers reads of the keys it holds hints for and a
// leaving node hands them on; a check of what the replicas hold does not count them.
//
// Users: Replica::Read (the get path), RangeTransfer (what a hand-off sends), and in sim/ the
// convergence sampler and the final read that decides `no_lost_writes` (sim/node_host.h,
// NodeHost::ReplicaVersions, which passes no buffer for a node that is down: its buffer died with
// it, and its durable data is what it serves after a restart).
#pragma once

#include "absl/container/btree_map.h"
#include "absl/types/span.h"
#include "dynamo/reconcile.h"
#include "dynamo/types.h"
#include "dynamo/version.h"
#include "dynamo/versioned_store.h"

namespace dynamo {

// The replica's versions of `key` in canonical order: `data`'s, with `buffer`'s (nullptr: none)
// reconciled in under `mode`. Returns `data`'s span when the buffer does not hold the key, so the
// common case copies nothing; otherwise fills `scratch` and returns it.
absl::Span<const Version> ReplicaVersions(const VersionedStore& data, const VersionedStore* buffer,
                                          Key key, ResolutionMode mode, Siblings& scratch);

// The same, as an owned list.
Siblings ReplicaVersions(const VersionedStore& data, const VersionedStore* buffer, Key key,
                         ResolutionMode mode);

// Reconciles into `versions` the hinted versions of `key` held for any owner (what a stand-in
// adds to a get's answer and to a hand-off).
void AddHintedVersions(const absl::btree_map<NodeId, VersionedStore>& hints, Key key,
                       ResolutionMode mode, Siblings& versions);

}  // namespace dynamo
