// Reading a parsed JSON document with precise errors. Every value is read together with its
// JSON pointer path (RFC 6901: "/faults/3/at"), so every error can say where it is.
//
// Errors are sticky: ParseErrors keeps the first one and the readers return a harmless fallback
// after a failure, so section readers are straight-line code and the caller asks ok() once.
// Nothing here throws: the nlohmann accessors are only called after the type was checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "sim/engine/time.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/scenario_names.h"

namespace sim::scenario {

// The pointer of member `key` / element `index` under the pointer `parent` ("" is the root).
std::string ChildPath(std::string_view parent, std::string_view key);
std::string IndexPath(std::string_view parent, size_t index);

// Keeps the first error of one parse. Each error reads "<file>: <path>: <message>".
class ParseErrors {
 public:
  explicit ParseErrors(std::string file_label) : file_label_(std::move(file_label)) {}

  // Records an error at `path` unless one was recorded already.
  void Fail(std::string_view path, std::string_view message);
  bool ok() const { return first_error_.empty(); }
  // OK, or InvalidArgument with the first error.
  absl::Status status() const;

 private:
  std::string file_label_;
  std::string first_error_;
};

// A value inside the document and its pointer. REQUIRES: `value` outlives the JsonAt.
struct JsonAt {
  const nlohmann::json* value = nullptr;
  std::string path;
};

// A JSON empty object that lives forever.
const nlohmann::json& EmptyObject();

// A short rendering of `value` for "got ..." in messages: compact JSON cut at 40 characters.
std::string Describe(const nlohmann::json& value);

enum class DurationSign { kNonNegative, kPositive, kSigned };

// Typed reads. A wrong type or range records an error and returns the fallback shown.
bool ReadBool(ParseErrors& errors, const JsonAt& at);                              // false
std::string ReadString(ParseErrors& errors, const JsonAt& at);                     // ""
std::string ReadNonEmptyString(ParseErrors& errors, const JsonAt& at);             // ""
int64_t ReadInt(ParseErrors& errors, const JsonAt& at, int64_t min, int64_t max);  // min
uint64_t ReadUint64(ParseErrors& errors, const JsonAt& at);                        // 0
// A finite number in [min, max]; integers are accepted.
double ReadDouble(ParseErrors& errors, const JsonAt& at, double min, double max);  // min
TimeUs ReadDuration(ParseErrors& errors, const JsonAt& at, DurationSign sign);     // 0
// The elements of an array (none when `at` is not an array, or is empty and `non_empty`).
std::vector<JsonAt> ReadArray(ParseErrors& errors, const JsonAt& at, bool non_empty);
// A non-empty array of distinct non-empty strings.
std::vector<std::string> ReadNameList(ParseErrors& errors, const JsonAt& at);
// An array (possibly empty) of durations >= 0, strictly ascending.
std::vector<TimeUs> ReadAscendingDurations(ParseErrors& errors, const JsonAt& at);

// A string that must be one of `table`'s spellings; fallback: the first entry.
template <typename Enum>
Enum ReadEnum(ParseErrors& errors, const JsonAt& at, const std::vector<EnumSpelling<Enum>>& table);

// A finite number > 0 (integers accepted); fallback 1.
double ReadPositiveDouble(ParseErrors& errors, const JsonAt& at);

// Reads one JSON object. The constructor records an error when the value is not an object or
// has a key outside `known_keys` (naming the closest known key); the accessors then work on
// the keys that are present.
class ObjectReader {
 public:
  ObjectReader(ParseErrors& errors, JsonAt at, std::vector<std::string_view> known_keys);

  // The member `key`, or nullopt when absent. REQUIRES: `key` is one of the known keys.
  std::optional<JsonAt> Get(std::string_view key) const;
  // As Get, but records "required key is missing" when absent.
  std::optional<JsonAt> Required(std::string_view key) const;
  bool Has(std::string_view key) const { return Get(key).has_value(); }
  // The member `key`, or an empty object at its path when absent (for optional sections whose
  // every key has a default).
  JsonAt GetOrEmpty(std::string_view key) const;

  // Optional members of simple types: `fallback` when absent.
  bool Bool(std::string_view key, bool fallback) const;
  int64_t Int(std::string_view key, int64_t fallback, int64_t min, int64_t max) const;
  double Double(std::string_view key, double fallback, double min, double max) const;
  TimeUs Duration(std::string_view key, TimeUs fallback, DurationSign sign) const;
  std::string String(std::string_view key, std::string fallback) const;

  // Required members: record "required key is missing" and return the fallback when absent.
  int64_t RequiredInt(std::string_view key, int64_t min, int64_t max) const;
  double RequiredDouble(std::string_view key, double min, double max) const;
  TimeUs RequiredDuration(std::string_view key, DurationSign sign) const;

  ParseErrors& errors() const { return errors_; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return ChildPath(path_, key); }

 private:
  void CheckKeys() const;

  ParseErrors& errors_;
  const nlohmann::json* object_;  // nullptr when the value is not an object
  std::string path_;
  std::vector<std::string_view> known_keys_;
};

// ---- implementation ----

template <typename Enum>
Enum ReadEnum(ParseErrors& errors, const JsonAt& at, const std::vector<EnumSpelling<Enum>>& table) {
  const std::string name = ReadString(errors, at);
  if (std::optional<Enum> value = ValueOf(table, name)) return *value;
  if (errors.ok()) {
    std::string allowed;
    for (std::string_view spelling : AllSpellings(table)) {
      allowed += (allowed.empty() ? "\"" : ", \"") + std::string(spelling) + "\"";
    }
    errors.Fail(at.path, "must be one of " + allowed + ", got " + Describe(*at.value) +
                             DidYouMeanSuffix(name, AllSpellings(table)));
  }
  return table.front().value;
}

}  // namespace sim::scenario
