#include "dynamo/replica.h"

#include "dynamo/check.h"

namespace dynamo {

void Replica::Handle(NodeId from, const Message& message) {
  switch (message.type) {
    case MessageType::kGet:
      return HandleGet(from, message);
    case MessageType::kPut:
      return HandlePut(from, message);
    case MessageType::kReadRepair:
      return HandleReadRepair(message);
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
  env_.Send(from, std::move(reply), env_.StorageReadLatencyUs());
}

void Replica::HandlePut(NodeId from, const Message& message) {
  DYNAMO_CHECK(message.versions.size() == 1, "a put carries exactly one version");
  durable_.data.Put(message.key, message.versions.front(), config_.resolution);
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

}  // namespace dynamo
