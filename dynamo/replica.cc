#include "dynamo/replica.h"

#include "dynamo/check.h"
#include "dynamo/replica_versions.h"

namespace dynamo {

void Replica::Handle(NodeId from, const Message& message) {
  switch (message.type()) {
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
  ++stats_.gets_served;
  msg::GetReply reply{Read(message.key)};
  // A stand-in answers with the hinted versions it holds for the key as well.
  AddHintedVersions(durable_.hints, message.key, config_.resolution, reply.versions);
  env_.Send(from, MakeMessage<msg::GetReply>(message.request_id, message.key, std::move(reply)),
            env_.StorageReadLatencyUs());
}

void Replica::HandlePut(NodeId from, const Message& message) {
  const msg::Put& put = message.As<msg::Put>();
  DYNAMO_CHECK(put.version.dot_counter != 0, "a put's version carries the dot of its write");
  DYNAMO_CHECK(!put.hint_for || !put.durable_write, "a hint is never the chosen durable write");
  ++stats_.puts_served;
  if (put.hint_for) {
    durable_.hints[*put.hint_for].Put(message.key, put.version, config_.resolution);
    ++stats_.hints_stored;
  } else if (put.durable_write) {
    durable_.data.Put(message.key, put.version, config_.resolution);
  } else {
    Store(message.key, put.version);
  }
  // A buffered write is acknowledged from memory, without the storage engine's latency; hints
  // and the coordinator's chosen durable write go to storage first.
  const bool buffered = config_.buffered_writes && !put.hint_for && !put.durable_write;
  env_.Send(from, MakeMessage<msg::PutAck>(message.request_id, message.key),
            buffered ? 0 : env_.StorageWriteLatencyUs());
}

void Replica::HandleReadRepair(const Message& message) {
  for (const Version& version : message.As<msg::ReadRepair>().versions) {
    Store(message.key, version);
  }
}

// The owner's side of hinted handoff: store durably, then acknowledge with the digest received.
// Never into the write buffer: the stand-in deletes its hint on the acknowledgement, so a hint
// acknowledged from memory would be lost with the buffer if the owner crashed before a flush.
void Replica::HandleHintedHandoff(NodeId from, const Message& message) {
  const msg::HintedHandoff& handoff = message.As<msg::HintedHandoff>();
  for (const Version& version : handoff.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  env_.Send(from, Message{.key = message.key, .payload = msg::HintedHandoffAck{handoff.digest}},
            env_.StorageWriteLatencyUs());
}

void Replica::Store(Key key, const Version& version) {
  if (config_.buffered_writes) {
    buffer_.Put(key, version, config_.resolution);
  } else {
    durable_.data.Put(key, version, config_.resolution);
  }
}

Siblings Replica::Read(Key key) const {
  return ReplicaVersions(durable_.data, &buffer_, key, config_.resolution);
}

void Replica::StartFlushing() {
  if (config_.buffered_writes) env_.StartTimer(config_.flush_interval_us, TimerTag{TimerKind::kFlush, 0});
}

void Replica::OnFlushTimer() {
  for (const auto& [key, versions] : buffer_.entries()) {
    for (const Version& version : versions) durable_.data.Put(key, version, config_.resolution);
  }
  buffer_ = VersionedStore();
  ++stats_.flushes;
  env_.StartTimer(config_.flush_interval_us, TimerTag{TimerKind::kFlush, 0});
}

size_t Replica::UnflushedVersions() const {
  size_t versions = 0;
  for (const auto& [key, siblings] : buffer_.entries()) versions += siblings.size();
  return versions;
}

}  // namespace dynamo
