#include "tools/dynamo-sim/parallel_seeds.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
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
  // Finished results not yet delivered (they wait for a slower earlier seed), by seed index: a
  // sweep of millions of seeds does not hold a slot for every seed up front.
  std::map<size_t, absl::StatusOr<SweepLine>> results;
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
      shared.results.emplace(index, std::move(result));
    }
    shared.result_ready.notify_one();
  }
}

}  // namespace

size_t RunSeedsInOrder(const std::vector<uint64_t>& seeds, int jobs, const SeedJob& job,
                       const SeedResultSink& sink) {
  SIM_CHECK(jobs >= 1, "RunSeedsInOrder needs at least one job");
  Shared shared;
  const size_t threads = std::min<size_t>(static_cast<size_t>(jobs), seeds.size());
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    try {
      workers.emplace_back([&seeds, &job, &shared] { Work(seeds, job, shared); });
    } catch (const std::system_error&) {
      break;  // the system cannot start more threads: the ones running share the seeds
    }
  }
  // Not even one thread: run every job on this one.
  if (workers.empty() && !seeds.empty()) Work(seeds, job, shared);
  size_t delivered = 0;
  while (delivered < seeds.size()) {
    std::optional<absl::StatusOr<SweepLine>> result;
    {
      std::unique_lock<std::mutex> lock(shared.mutex);
      // Stop waiting when the next result is there, or when it will never come (a failure
      // stopped the workers before they started it; next_to_start counts what was started).
      shared.result_ready.wait(lock, [&] {
        return shared.results.contains(delivered) ||
               (shared.failed && delivered >= shared.next_to_start);
      });
      const auto found = shared.results.find(delivered);
      if (found == shared.results.end()) break;
      result = std::move(found->second);
      shared.results.erase(found);
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
