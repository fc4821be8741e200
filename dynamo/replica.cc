#include "dynamo/replica.h"

#include "dynamo/check.h"
#include "dynamo/reconcile.h"

namespace dynamo {

void Replica::Handle(NodeId from, const Message& message) {
  switch (message.type) {
    case MessageType::kGet:
      return HandleGet(from, message);
    case MessageType::kPut:
      return HandlePut(from, message);
    case MessageType::kReadRepair:
      return HandleReadRepair(message);
    case MessageType::kHintedHandoff:
      return HandleHintedHandoff(from, message);
    default:
      DYNAMO_CHECK(false, "not a replica message");
  }
}

void Replica::HandleGet(NodeId from, const Message& message) {
  Message reply;
  reply.type = MessageType::kGetReply;
  reply.request_id = message.request_id;
  reply.key = message.key;
  reply.ok = true;
  const absl::Span<const Version> versions = Read(message.key);
  reply.versions.assign(versions.begin(), versions.end());
  // A stand-in answers with the hinted versions it holds for the key as well.
  for (const auto& [owner, hinted] : durable_.hints) {
    for (const Version& version : hinted.Get(message.key)) {
      Reconcile(reply.versions, version, config_.resolution);
    }
  }
  env_.Send(from, std::move(reply), env_.StorageReadLatencyUs());
}

void Replica::HandlePut(NodeId from, const Message& message) {
  DYNAMO_CHECK(message.versions.size() == 1, "a put carries exactly one version");
  if (message.has_hint) {
    durable_.hints[message.hint_for].Put(message.key, message.versions.front(),
                                         config_.resolution);
    ++stats_.hints_stored;
  } else {
    durable_.data.Put(message.key, message.versions.front(), config_.resolution);
  }
  Message ack;
  ack.type = MessageType::kPutAck;
  ack.request_id = message.request_id;
  ack.key = message.key;
  ack.ok = true;
  env_.Send(from, std::move(ack), env_.StorageWriteLatencyUs());
}

void Replica::HandleReadRepair(const Message& message) {
  for (const Version& version : message.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
}

// The owner's side of hinted handoff: store, then acknowledge with the digest received.
void Replica::HandleHintedHandoff(NodeId from, const Message& message) {
  for (const Version& version : message.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  Message ack;
  ack.type = MessageType::kHintedHandoffAck;
  ack.key = message.key;
  ack.ok = true;
  ack.hint_digest = message.hint_digest;
  env_.Send(from, std::move(ack), env_.StorageWriteLatencyUs());
}

}  // namespace dynamo
