// Trace: the ordered record of everything that happened in a run, and its 64-bit digest.
//
// Every event that matters (message sent, delivered, dropped; crash; operation invoked and
// completed ...) is Record()ed with its virtual time, the acting process and up to three integer
// fields. The digest folds each record in order, so two runs agree on the digest exactly when they
// agree on the whole ordered trace. Folding is a few multiplies; writing records out happens only
// when a sink is attached, so tracing costs one branch when it is off.
//
// A record may carry a TraceNote: what the event concerns (a workload key, which message). Notes
// are for sinks and their filters only and are never folded into the digest, so a run's digest
// does not depend on whether, or how, it is traced.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/time.h"

namespace sim {

using TraceKind = uint16_t;

// What a record concerns, beyond its folded fields. kNone marks an unknown or absent value.
struct TraceNote {
  static constexpr uint64_t kNone = UINT64_MAX;
  uint64_t key = kNone;         // the workload key the event concerns
  uint64_t message_id = kNone;  // message events: the send's number in the run (pairs them)
  TimeUs sent_us = -1;          // message deliveries and late drops: when it was sent
};

struct TraceRecord {
  TimeUs at_us = 0;
  uint32_t actor = 0;
  TraceKind kind = 0;
  uint64_t fields[3] = {0, 0, 0};
  TraceNote note;  // not folded into the digest
};

// Describes a kind for sinks: its name and the names of its (up to three) fields.
struct TraceKindInfo {
  std::string name;
  std::array<std::string, 3> field_names;
};

// Receives records when tracing to a file or a viewer is on.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void Write(const TraceRecord& record, const TraceKindInfo& kind) = 0;
};

class Trace {
 public:
  // Kinds the engine itself records; registered first, in this order, by the constructor.
  TraceKind kMessageSend, kMessageDeliver, kMessageDrop, kCrash, kRestart, kWipe;

  Trace();

  // Registers a kind; ids are dense in order of registration. REQUIRES: name not yet registered.
  TraceKind RegisterKind(std::string_view name, std::array<std::string, 3> field_names = {});
  const TraceKindInfo& KindInfo(TraceKind kind) const { return kinds_[kind]; }
  // Looks up a registered kind by name; returns false if there is none.
  bool FindKind(std::string_view name, TraceKind* kind) const;

  void Record(TimeUs at_us, uint32_t actor, TraceKind kind, uint64_t a = 0, uint64_t b = 0,
              uint64_t c = 0) {
    Record(at_us, actor, kind, a, b, c, TraceNote{});
  }
  // As above, with a note for the sink. The note is not folded: the digest is the same as
  // without it. Callers whose note costs anything to compute build it only when tracing().
  void Record(TimeUs at_us, uint32_t actor, TraceKind kind, uint64_t a, uint64_t b, uint64_t c,
              const TraceNote& note) {
    Fold(static_cast<uint64_t>(at_us));
    Fold((static_cast<uint64_t>(actor) << 16) | kind);
    Fold(a);
    Fold(b);
    Fold(c);
    ++records_;
    if (sink_ != nullptr) [[unlikely]] {
      WriteToSink(TraceRecord{at_us, actor, kind, {a, b, c}, note});
    }
  }

  uint64_t digest() const { return digest_; }
  // The digest as 16 lower-case hex digits, as reports print it.
  std::string DigestHex() const;
  uint64_t records() const { return records_; }

  // Attaches a sink (nullptr detaches). The trace does not own it.
  void set_sink(TraceSink* sink) { sink_ = sink; }
  // Whether records reach a sink (so a note is worth computing).
  bool tracing() const { return sink_ != nullptr; }

 private:
  void Fold(uint64_t value) {
    uint64_t h = (digest_ ^ value) * 0xBF58476D1CE4E5B9ULL;
    digest_ = h ^ (h >> 31);
  }
  void WriteToSink(const TraceRecord& record);

  uint64_t digest_ = 0x6A09E667F3BCC908ULL;
  uint64_t records_ = 0;
  TraceSink* sink_ = nullptr;
  std::vector<TraceKindInfo> kinds_;
};

}  // namespace sim
