#include "tools/dynamo-sim/trace_exports.h"

#include <filesystem>

#include <fmt/format.h>

#include "absl/strings/numbers.h"
#include "dynamo/message.h"
#include "sim/cluster.h"
#include "sim/report/history_edn.h"
#include "sim/report/output_path.h"
#include "sim/scenario/duration_text.h"

namespace sim::cli {
namespace {

absl::StatusOr<uint64_t> ParseKey(std::string_view text) {
  std::string_view digits = text;
  if (digits.starts_with("k")) digits.remove_prefix(1);
  uint64_t key = 0;
  if (digits.empty() || !absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &key) ||
      key == TraceNote::kNone) {
    return absl::InvalidArgumentError(
        fmt::format("--trace-key needs a workload key such as 12 or k12, got \"{}\"", text));
  }
  return key;
}

absl::StatusOr<TimeUs> ParseTime(const ParsedArgs& parsed, std::string_view flag) {
  const absl::StatusOr<TimeUs> time_us = scenario::ParseDurationUs(parsed.Values(flag).front());
  if (!time_us.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("--{}: {}", flag, std::string(time_us.status().message())));
  }
  if (*time_us < 0) {
    return absl::InvalidArgumentError(fmt::format("--{} must not be negative", flag));
  }
  return *time_us;
}

}  // namespace

absl::StatusOr<TraceExportOptions> ParseTraceExportOptions(const ParsedArgs& parsed) {
  TraceExportOptions options;
  if (parsed.Has("trace")) options.trace_path = parsed.Values("trace").front();
  if (parsed.Has("perfetto")) options.perfetto_path = parsed.Values("perfetto").front();
  if (parsed.Has("history")) options.history_path = parsed.Values("history").front();
  for (const char* flag : {"trace", "perfetto", "history"}) {
    if (parsed.Has(flag) && parsed.Values(flag).front().empty()) {
      return absl::InvalidArgumentError(fmt::format("--{} needs a non-empty path", flag));
    }
  }
  for (const std::string& text : parsed.Values("trace-key")) {
    absl::StatusOr<uint64_t> key = ParseKey(text);
    if (!key.ok()) return key.status();
    options.filter.keys.push_back(*key);
  }
  for (const char* flag : {"trace-from", "trace-until"}) {
    if (!parsed.Has(flag)) continue;
    absl::StatusOr<TimeUs> time_us = ParseTime(parsed, flag);
    if (!time_us.ok()) return time_us.status();
    (std::string_view(flag) == "trace-from" ? options.filter.from_us : options.filter.until_us) =
        *time_us;
  }
  if (options.filter.from_us >= options.filter.until_us) {
    return absl::InvalidArgumentError("--trace-from must be before --trace-until");
  }
  return options;
}

namespace {

// Opens `path` for `flag` through a unique temporary; errors name the flag.
absl::Status OpenOutput(const char* flag, const std::string& path,
                        std::unique_ptr<AtomicFileWriter>* writer) {
  if (absl::Status checked = CheckOutputFile(flag, path); !checked.ok()) return checked;
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> opened = AtomicFileWriter::Open(path);
  if (!opened.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", flag, std::string(opened.status().message())));
  }
  *writer = *std::move(opened);
  return absl::OkStatus();
}

}  // namespace

absl::Status TraceExports::Open(const TraceExportOptions& options,
                                const scenario::Scenario& scenario) {
  options_ = options;
  clients_ = static_cast<uint32_t>(scenario.workload.clients);
  for (uint64_t key : options.filter.keys) {
    if (key >= static_cast<uint64_t>(scenario.workload.keys)) {
      return absl::InvalidArgumentError(fmt::format("--trace-key {}: the scenario's keys are 0..{}",
                                                    key, scenario.workload.keys - 1));
    }
  }
  std::vector<TraceSink*> targets;
  std::vector<std::string> clients;
  for (uint32_t i = 1; i <= clients_; ++i) clients.push_back(fmt::format("c{}", i));
  if (!options.trace_path.empty()) {
    if (absl::Status status = OpenOutput("--trace", options.trace_path, &trace_file_);
        !status.ok()) {
      return status;
    }
    std::vector<std::string> names = NodeNamesInProcessOrder(scenario);
    names.insert(names.end(), clients.begin(), clients.end());
    jsonl_ = std::make_unique<JsonlTraceSink>(trace_file_->file(), std::move(names));
    targets.push_back(jsonl_.get());
  }
  if (!options.perfetto_path.empty()) {
    if (absl::Status status = OpenOutput("--perfetto", options.perfetto_path, &perfetto_file_);
        !status.ok()) {
      return status;
    }
    PerfettoNames names{NodeNamesInProcessOrder(scenario), clients, {}};
    for (int type = 0; type < dynamo::kMessageTypeCount; ++type) {
      names.message_kinds.emplace_back(
          dynamo::MessageTypeName(static_cast<dynamo::MessageType>(type)));
    }
    perfetto_ = std::make_unique<PerfettoTraceWriter>(perfetto_file_->file(), std::move(names),
                                                      options.filter);
    targets.push_back(perfetto_.get());
  }
  if (!options.history_path.empty()) {
    if (absl::Status status = OpenOutput("--history", options.history_path, &history_file_);
        !status.ok()) {
      return status;
    }
  }
  if (!targets.empty()) {
    filtered_ = std::make_unique<FilteredTraceSink>(options.filter, std::move(targets));
  }
  return absl::OkStatus();
}

absl::Status TraceExports::Commit(const RunResult& result) {
  if (trace_file_ != nullptr) {
    if (absl::Status status = trace_file_->Commit(); !status.ok()) return status;
  }
  if (perfetto_file_ != nullptr) {
    perfetto_->Finish(result);
    if (absl::Status status = perfetto_file_->Commit(); !status.ok()) return status;
    std::error_code error;
    const uintmax_t bytes = std::filesystem::file_size(options_.perfetto_path, error);
    if (!error && bytes > perfetto_warn_bytes_) {
      warnings_.push_back(fmt::format(
          "warning: {} is {:.0f} MB, more than chrome://tracing and ui.perfetto.dev load "
          "comfortably ({:.0f} MB); keep a time window with --trace-from D --trace-until D, or "
          "some keys with --trace-key KEY (repeatable)",
          options_.perfetto_path, static_cast<double>(bytes) / 1e6,
          static_cast<double>(perfetto_warn_bytes_) / 1e6));
    }
  }
  if (history_file_ != nullptr) {
    const std::string text = HistoryEdn(result.history, result.carts, clients_, result.faults);
    std::fwrite(text.data(), 1, text.size(), history_file_->file());
    if (absl::Status status = history_file_->Commit(); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace sim::cli
