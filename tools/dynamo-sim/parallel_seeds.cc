#include "tools/dynamo-sim/parallel_seeds.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/engine/check.h"

namespace sim::cli {
namespace {

// State shared by the workers and the delivering thread; every member is guarded by `mutex`.
struct Shared {
  std::mutex mutex;
  std::condition_variable result_ready;
  size_t next_to_start = 0;
  bool failed = false;  // a job returned an error: start nothing more
  std::vector<std::optional<absl::StatusOr<SweepLine>>> results;  // by seed index
};

void Work(const std::vector<uint64_t>& seeds, const SeedJob& job, Shared& shared) {
  while (true) {
    size_t index = 0;
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      if (shared.failed || shared.next_to_start >= seeds.size()) return;
      index = shared.next_to_start++;
    }
    absl::StatusOr<SweepLine> result = job(seeds[index]);
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      if (!result.ok()) shared.failed = true;
      shared.results[index] = std::move(result);
    }
    shared.result_ready.notify_one();
  }
}

}  // namespace

size_t RunSeedsInOrder(const std::vector<uint64_t>& seeds, int jobs, const SeedJob& job,
                       const SeedResultSink& sink) {
  SIM_CHECK(jobs >= 1, "RunSeedsInOrder needs at least one job");
  Shared shared;
  shared.results.resize(seeds.size());
  const size_t threads = std::min<size_t>(static_cast<size_t>(jobs), seeds.size());
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    workers.emplace_back([&seeds, &job, &shared] { Work(seeds, job, shared); });
  }
  size_t delivered = 0;
  while (delivered < seeds.size()) {
    std::optional<absl::StatusOr<SweepLine>> result;
    {
      std::unique_lock<std::mutex> lock(shared.mutex);
      // Stop waiting when the next result is there, or when it will never come (a failure
      // stopped the workers before they started it; next_to_start counts what was started).
      shared.result_ready.wait(lock, [&] {
        return shared.results[delivered].has_value() ||
               (shared.failed && delivered >= shared.next_to_start);
      });
      if (!shared.results[delivered].has_value()) break;
      result = std::move(shared.results[delivered]);
      shared.results[delivered].reset();
    }
    const bool ok = result->ok();
    sink(*result);
    ++delivered;
    if (!ok) break;
  }
  for (std::thread& worker : workers) worker.join();
  return delivered;
}

}  // namespace sim::cli
