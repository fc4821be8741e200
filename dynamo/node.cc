#include "dynamo/node.h"

#include <algorithm>

#include "dynamo/check.h"

namespace dynamo {

Node::Node(NodeId self, const NodeConfig& config, Env& env, const Ring& ring,
           DurableState& durable)
    : self_(self),
      config_(config),
      env_(env),
      ring_(ring),
      replica_(config, env, durable),
      coordinator_(self, config, env, ring, replica_) {}

void Node::OnMessage(NodeId from, Message& message) {
  switch (message.type) {
    case MessageType::kClientGet:
    case MessageType::kClientPut:
      return OnClientRequest(message, /*forwarded=*/false);
    case MessageType::kForwardGet:
    case MessageType::kForwardPut:
      return OnClientRequest(message, /*forwarded=*/true);
    case MessageType::kGet:
    case MessageType::kPut:
    case MessageType::kReadRepair:
      return replica_.Handle(from, message);
    case MessageType::kGetReply:
      return coordinator_.OnGetReply(from, message);
    case MessageType::kPutAck:
      return coordinator_.OnPutAck(from, message);
    case MessageType::kClientReply:
    case MessageType::kCount:
      break;
  }
  DYNAMO_CHECK(false, "message type a node does not handle");
}

void Node::OnTimer(TimerTag tag) { coordinator_.OnTimer(tag); }

// A node in the key's top N coordinates; any other forwards to the first of the top N. A
// forwarded request is always coordinated by its receiver, so views that disagree cannot bounce
// a request back and forth.
void Node::OnClientRequest(Message& message, bool forwarded) {
  const bool is_get =
      message.type == MessageType::kClientGet || message.type == MessageType::kForwardGet;
  if (!forwarded) {
    ++stats_.client_requests;
    Ring::NodeList top;
    ring_.PreferenceList(message.key, config_.n, &top);
    if (std::find(top.begin(), top.end(), self_) == top.end()) {
      ++stats_.forwarded;
      message.type = is_get ? MessageType::kForwardGet : MessageType::kForwardPut;
      env_.Send(top.front(), std::move(message));
      return;
    }
  }
  if (is_get) {
    coordinator_.StartGet(message);
  } else {
    coordinator_.StartPut(message);
  }
}

}  // namespace dynamo
