// DurableState: what a node keeps on disk. It survives a crash and is lost by a wipe; the
// simulator owns it and hands it to each incarnation of the node.
#pragma once

#include "dynamo/versioned_store.h"

namespace dynamo {

struct DurableState {
  // The node's replicas: key -> siblings.
  VersionedStore data;
};

}  // namespace dynamo
