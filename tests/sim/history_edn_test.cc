// The Jepsen EDN history of tiny hand-built histories, compared with the exact expected text:
// tuple values, :info for indeterminate puts (and a fresh process after it), :fail for reads
// that did not answer, nanosecond times, completions before invocations at equal times (but an
// op's own invocation before its completion).
#include "sim/report/history_edn.h"

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::AppendOp;
using testing::MakeVersion;

Op& Add(History& history, uint32_t client, OpType type, dynamo::Key key, TimeUs invoke_us,
        TimeUs complete_us, OpStatus status) {
  Op& op = AppendOp(history, type, key, invoke_us);
  op.client = client;
  op.complete_us = complete_us;
  op.status = status;
  return op;
}

TEST(HistoryEdnTest, RegistersWithSiblingsTimeoutsAndFailures) {
  History history;
  history.SetPutItem(Add(history, 0, OpType::kPut, 3, 1000, 5000, OpStatus::kOk).id, 11);
  Add(history, 1, OpType::kGet, 3, 2000, 4000, OpStatus::kOk);
  history.RecordRead(Add(history, 1, OpType::kGet, 3, 4000, 9000, OpStatus::kOk).id,
                     {MakeVersion({11}), MakeVersion({12})}, /*keep_values=*/true);
  history.SetPutItem(Add(history, 0, OpType::kPut, 4, 5000, 7000, OpStatus::kTimeout).id, 13);
  Add(history, 0, OpType::kGet, 4, 7000, 8000, OpStatus::kFailed);
  Add(history, 1, OpType::kGet, 4, 9000, 0, OpStatus::kPending);
  EXPECT_EQ(HistoryEdn(history, /*carts=*/false, /*clients=*/2),
            "{:index 0, :type :invoke, :process 0, :f :write, :value [3 11], :time 1000000}\n"
            "{:index 1, :type :invoke, :process 1, :f :read, :value [3 nil], :time 2000000}\n"
            "{:index 2, :type :ok, :process 1, :f :read, :value [3 nil], :time 4000000}\n"
            "{:index 3, :type :invoke, :process 1, :f :read, :value [3 nil], :time 4000000}\n"
            "{:index 4, :type :ok, :process 0, :f :write, :value [3 11], :time 5000000}\n"
            "{:index 5, :type :invoke, :process 0, :f :write, :value [4 13], :time 5000000}\n"
            "{:index 6, :type :info, :process 0, :f :write, :value [4 13], :time 7000000, "
            ":error :timeout}\n"
            "{:index 7, :type :invoke, :process 2, :f :read, :value [4 nil], :time 7000000}\n"
            "{:index 8, :type :fail, :process 2, :f :read, :value [4 nil], :time 8000000, "
            ":error :unavailable}\n"
            "{:index 9, :type :ok, :process 1, :f :read, :value [3 #{11 12}], :time 9000000}\n"
            "{:index 10, :type :invoke, :process 1, :f :read, :value [4 nil], :time 9000000}\n");
}

TEST(HistoryEdnTest, CartsAddItemsAndReadTheUnionOfSiblings) {
  History history;
  history.RecordRead(Add(history, 0, OpType::kGet, 7, 0, 1500, OpStatus::kOk).id,
                     {MakeVersion({1, 5}), MakeVersion({2})}, /*keep_values=*/false);
  Op& put = Add(history, 0, OpType::kPut, 7, 1500, 2500, OpStatus::kFailed);
  history.SetPutItem(put.id, 9);
  put.read_op = 0;
  Add(history, 0, OpType::kGet, 7, 3000, 4000, OpStatus::kOk);
  EXPECT_EQ(HistoryEdn(history, /*carts=*/true, /*clients=*/1),
            "{:index 0, :type :invoke, :process 0, :f :read, :value [7 nil], :time 0}\n"
            "{:index 1, :type :ok, :process 0, :f :read, :value [7 #{1 2 5}], :time 1500000}\n"
            "{:index 2, :type :invoke, :process 0, :f :add, :value [7 9], :time 1500000}\n"
            "{:index 3, :type :info, :process 0, :f :add, :value [7 9], :time 2500000, "
            ":error :unavailable}\n"
            "{:index 4, :type :invoke, :process 1, :f :read, :value [7 nil], :time 3000000}\n"
            "{:index 5, :type :ok, :process 1, :f :read, :value [7 #{}], :time 4000000}\n");
}

// Open loop: a client's ops overlap. Each Jepsen process runs one op at a time: an op takes the
// lowest idle process of its client, or a new one (client + k x clients); a process whose op
// ended :info is never reused.
TEST(HistoryEdnTest, OverlappingOpsOfOneClientGetTheirOwnProcesses) {
  History history;
  Add(history, 1, OpType::kGet, 5, 0, 3000, OpStatus::kOk);          // c2: process 1
  Add(history, 1, OpType::kGet, 5, 1000, 2000, OpStatus::kOk);       // overlaps: 1 + 2 = 3
  Add(history, 1, OpType::kPut, 5, 1500, 4000, OpStatus::kTimeout).item = 8;  // 1 + 4 = 5
  Add(history, 1, OpType::kGet, 5, 2500, 2600, OpStatus::kOk);       // 3 is idle again
  Add(history, 1, OpType::kGet, 5, 5000, 5100, OpStatus::kOk);       // 1 and 3 idle: 1
  Add(history, 1, OpType::kGet, 5, 5050, 5200, OpStatus::kOk);       // 3; 5 is retired
  const std::string edn = HistoryEdn(history, /*carts=*/false, /*clients=*/2);
  const auto process_of_invocation = [&edn](int index) {
    const std::string marker = ":type :invoke, :process ";
    size_t at = 0;
    for (int i = 0; i <= index; ++i) at = edn.find(marker, at) + marker.size();
    return std::stoi(edn.substr(at));
  };
  EXPECT_EQ(process_of_invocation(0), 1);
  EXPECT_EQ(process_of_invocation(1), 3);
  EXPECT_EQ(process_of_invocation(2), 5);
  EXPECT_EQ(process_of_invocation(3), 3);
  EXPECT_EQ(process_of_invocation(4), 1);
  EXPECT_EQ(process_of_invocation(5), 3);
  EXPECT_NE(edn.find("{:index 7, :type :info, :process 5, :f :write, :value [5 8], :time 4000000"),
            std::string::npos)
      << edn;
}

// Zero delays: an op that begins and ends in one instant. Its completion used to be sorted before
// its own invocation (completions first at equal times), which no Jepsen checker accepts.
TEST(HistoryEdnTest, AnOpCompletedAtItsInvocationInstantIsInvokedFirst) {
  History history;
  Add(history, 0, OpType::kGet, 2, 1000, 1000, OpStatus::kOk);   // begins and ends at 1ms
  Add(history, 0, OpType::kPut, 2, 1000, 3000, OpStatus::kOk).item = 4;  // next op, same instant
  EXPECT_EQ(HistoryEdn(history, /*carts=*/false, /*clients=*/1),
            "{:index 0, :type :invoke, :process 0, :f :read, :value [2 nil], :time 1000000}\n"
            "{:index 1, :type :invoke, :process 1, :f :write, :value [2 4], :time 1000000}\n"
            "{:index 2, :type :ok, :process 0, :f :read, :value [2 nil], :time 1000000}\n"
            "{:index 3, :type :ok, :process 1, :f :write, :value [2 4], :time 3000000}\n");
}

}  // namespace
}  // namespace sim
