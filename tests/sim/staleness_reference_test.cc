// Cross-checks the fast staleness checker against a literal, quadratic reading of the definition
// (staleness.h) on many small random histories.
#include <algorithm>
#include <vector>

#include "dynamo/reconcile.h"
#include "dynamo/vector_clock.h"
#include "dynamo/version.h"
#include "gtest/gtest.h"
#include "sim/analysis/staleness.h"
#include "sim/engine/prng.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

bool Contains(const dynamo::Value& items, uint64_t item) {
  return std::binary_search(items.begin(), items.end(), item);
}

// How many ops had been invoked when `op` completed, in the run's exact order: recorded by the
// client, or else (hand-built histories) every op invoked before the microsecond it completed in,
// and at least itself: a completion comes before the invocations of its own microsecond.
uint64_t InvokedBeforeCompletion(const History& history, const Op& op) {
  if (op.invoked_before_completion != kNoOp) return op.invoked_before_completion;
  uint64_t invoked = op.id + 1;
  for (const Op& other : history.ops()) {
    if (other.id > op.id && other.invoke_us < op.complete_us) invoked = other.id + 1;
  }
  return invoked;
}

// `first` completed before `second` was invoked.
bool Before(const History& history, const Op& first, const Op& second) {
  return first.status != OpStatus::kPending &&
         second.id >= InvokedBeforeCompletion(history, first);
}

// G returned Q (by value, or by a dominating clock), with staleness.h's eligibility rules.
bool Returned(const History& history, const Op& get, const Op& put,
              const dynamo::Value& union_items, bool lww) {
  const bool invoked_in_time = !Before(history, get, put);
  if (Contains(union_items, put.item) && (put.ok() || invoked_in_time)) return true;
  const dynamo::Version written = history.written(put);
  if (lww || !put.ok() || !invoked_in_time || written.clock.empty()) return false;
  for (VersionId version : get.read) {
    if (dynamo::Obsoletes(history.version(version), written)) return true;
  }
  return false;
}

uint64_t ReferenceMisses(const History& history, const Op& get, ValueModel model) {
  std::vector<dynamo::Version> read;
  for (VersionId version : get.read) read.push_back(history.version(version));
  const dynamo::Value union_items = dynamo::UnionOfValues(read);
  uint64_t missed = 0;
  for (const Op& p : history.ops()) {
    if (p.type != OpType::kPut || p.key != get.key || !p.ok() || !Before(history, p, get)) continue;
    if (model.carts) {
      missed += Contains(union_items, p.item) ? 0 : 1;
      continue;
    }
    bool excused = Returned(history, get, p, union_items, model.last_write_wins);
    for (const Op& q : history.ops()) {
      if (excused) break;
      if (q.type != OpType::kPut || q.key != get.key || q.id == p.id || Before(history, q, p)) continue;
      excused = Returned(history, get, q, union_items, model.last_write_wins);
    }
    missed += excused ? 0 : 1;
  }
  return missed;
}

dynamo::VectorClock RandomClock(Prng& prng) {
  dynamo::VectorClock clock;
  for (dynamo::NodeId node = 0; node < 3; ++node) {
    const uint64_t counter = prng.Below(4);
    if (counter == 0) continue;
    for (uint64_t i = 0; i < counter; ++i) clock.Increment(node, 0);
  }
  return clock;
}

OpStatus RandomStatus(Prng& prng) {
  const uint64_t draw = prng.Below(10);
  if (draw < 7) return OpStatus::kOk;
  if (draw < 8) return OpStatus::kFailed;
  if (draw < 9) return OpStatus::kTimeout;
  return OpStatus::kPending;
}

// A random history of `ops` ops over 2 keys; gets return random versions of earlier-numbered
// puts (and now and then an unknown item or a random clock).
History RandomHistory(Prng& prng, int ops, bool carts) {
  // A short span makes equal times (the boundaries of "before") common.
  const uint64_t span_us = prng.Bernoulli(0.5) ? 100 : 15;
  std::vector<TimeUs> invokes_us;
  for (int i = 0; i < ops; ++i) invokes_us.push_back(static_cast<TimeUs>(prng.Below(span_us)));
  std::sort(invokes_us.begin(), invokes_us.end());
  History history;
  std::vector<uint64_t> puts;
  std::vector<std::pair<uint64_t, std::vector<dynamo::Version>>> reads;  // (get, versions)
  for (int i = 0; i < ops; ++i) {
    const OpType type = prng.Bernoulli(0.5) ? OpType::kPut : OpType::kGet;
    Op& op = testing::AppendOp(history, type, prng.Below(2), invokes_us[i]);
    const uint64_t id = op.id;
    op.status = RandomStatus(prng);
    op.complete_us =
        op.status == OpStatus::kPending ? 0 : op.invoke_us + static_cast<TimeUs>(prng.Below(30));
    if (type == OpType::kPut) {
      history.SetPutItem(id, 1000 + id);
      if (op.ok() && prng.Below(8) != 0) {
        dynamo::Version written;
        written.clock = RandomClock(prng);
        history.RecordWritten(id, written, /*keep_value=*/true);
      }
      puts.push_back(id);
      continue;
    }
    const uint64_t versions = prng.Below(3);
    std::vector<dynamo::Version>& read = reads.emplace_back(id, std::vector<dynamo::Version>()).second;
    for (uint64_t v = 0; v < versions; ++v) {
      dynamo::Version version;
      if (!puts.empty() && prng.Below(6) != 0) {
        const Op& source = history.at(puts[prng.Below(puts.size())]);
        version.value = {source.item};
        version.clock = history.written(source).clock;
      } else {
        version.value = {prng.Below(2) == 0 ? uint64_t{7} : 1000 + prng.Below(ops)};
      }
      if (carts && !puts.empty()) {
        dynamo::Value::Items items = version.value.items();
        items.push_back(history.at(puts[prng.Below(puts.size())]).item);
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        version.value = std::move(items);
      }
      if (prng.Below(4) == 0) version.clock = RandomClock(prng);
      read.push_back(std::move(version));
    }
  }
  // Recorded once every put has its item, so a get may return an item of a later put (which the
  // checkers must count as the reference does).
  for (const auto& [id, read] : reads) history.RecordRead(id, read, /*keep_values=*/true);
  return history;
}

// Returns the number of stale gets, so the caller can check the histories exercise the checker.
uint64_t ExpectMatchesReference(const History& history, ValueModel model) {
  const StalenessReport report = ComputeStaleness(history, model);
  uint64_t checked = 0;
  size_t next_stale = 0;
  for (const Op& get : history.ops()) {
    if (get.type != OpType::kGet || !get.ok()) continue;
    ++checked;
    const uint64_t expected = ReferenceMisses(history, get, model);
    uint64_t actual = 0;
    if (next_stale < report.stale.size() && report.stale[next_stale].get_op == get.id) {
      actual = report.stale[next_stale++].missed_puts;
    }
    EXPECT_EQ(actual, expected) << "get " << get.id;
  }
  EXPECT_EQ(next_stale, report.stale.size());
  EXPECT_EQ(report.gets_checked, checked);
  return report.stale_reads;
}

TEST(StalenessReferenceTest, RandomHistoriesMatchTheLiteralDefinition) {
  Prng prng(20240611);
  uint64_t stale[3] = {0, 0, 0};  // carts, registers with vector clocks, registers with LWW
  for (int round = 0; round < 600; ++round) {
    const bool carts = round % 3 == 0;
    const History history = RandomHistory(prng, 5 + static_cast<int>(prng.Below(60)), carts);
    const ValueModel model{.carts = carts, .last_write_wins = round % 3 == 2};
    SCOPED_TRACE(::testing::Message() << "round " << round);
    stale[round % 3] += ExpectMatchesReference(history, model);
    if (::testing::Test::HasFailure()) return;
  }
  // Not vacuous: each model met many stale gets.
  EXPECT_GT(stale[0], 100u);
  EXPECT_GT(stale[1], 100u);
  EXPECT_GT(stale[2], 100u);
}

TEST(StalenessReferenceTest, VectorClocksExcuseSomeMissesLwwDoesNot) {
  Prng prng(77);
  uint64_t vector_clock_stale = 0;
  uint64_t lww_stale = 0;
  for (int round = 0; round < 200; ++round) {
    const History history = RandomHistory(prng, 5 + static_cast<int>(prng.Below(60)), false);
    vector_clock_stale += ComputeStaleness(history, ValueModel{false, false}).stale_reads;
    lww_stale += ComputeStaleness(history, ValueModel{false, true}).stale_reads;
  }
  EXPECT_LT(vector_clock_stale, lww_stale);
}

}  // namespace
}  // namespace sim
