// The kind names of the message types, in MessageType order (message.h): the names a scenario's
// `network.by_message` takes and reports use ("get_reply"). Header-only with no other dynamo/
// dependency, so the scenario loader can reject an unknown kind without the node logic.
// message.cc checks at compile time that there is one name per MessageType.
#pragma once

#include <array>
#include <string_view>

namespace dynamo {

inline constexpr std::array<std::string_view, 25> kMessageKindNames = {
    "client_get",     "client_put",         "client_reply",   "forward_get",
    "forward_put",    "get",                "get_reply",      "put",
    "put_ack",        "read_repair",        "hinted_handoff", "hinted_handoff_ack",
    "merkle_root",    "merkle_nodes",       "merkle_keys",    "repair_push",
    "gossip",         "gossip_reply",       "membership_change", "membership_reply",
    "range_transfer", "range_transfer_ack", "forward_ack",    "ping",
    "ping_reply",
};

}  // namespace dynamo
