#include "sim/scenario/json_reader.h"

#include <cmath>
#include <limits>
#include <set>

#include "sim/engine/check.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/duration_text.h"

namespace sim::scenario {
namespace {

constexpr size_t kDescribeLimit = 40;

std::string TypeMismatch(std::string_view expected, const nlohmann::json& value) {
  return Concat("expected ", expected, ", got ", Describe(value));
}

// Appends `value` as compact JSON (what dump() prints), but stops once `out` is longer than
// kDescribeLimit: a message never renders a whole large value. Recursion ends within
// kDescribeLimit levels, since every level appends at least one character first.
void AppendCompact(const nlohmann::json& value, std::string& out) {
  if (out.size() > kDescribeLimit) return;
  const auto dump = [&out](const nlohmann::json& scalar) {
    out += scalar.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    dump(text.size() > kDescribeLimit ? nlohmann::json(text.substr(0, kDescribeLimit + 1)) : value);
    return;
  }
  if (!value.is_structured()) return dump(value);
  out += value.is_object() ? '{' : '[';
  bool first = true;
  for (auto it = value.begin(); it != value.end() && out.size() <= kDescribeLimit; ++it) {
    if (!first) out += ',';
    first = false;
    if (value.is_object()) {
      dump(nlohmann::json(it.key()));
      out += ':';
    }
    AppendCompact(it.value(), out);
  }
  out += value.is_object() ? '}' : ']';
}

// A path or message cut to a readable length (a key may be megabytes long).
constexpr size_t kMessagePartLimit = 300;
std::string Shortened(std::string_view text) {
  if (text.size() <= kMessagePartLimit) return std::string(text);
  return Concat(text.substr(0, kMessagePartLimit - 3), "...");
}

// A bound as a message shows it ("0", "0.5", "1").
std::string NumberText(double value) { return Concat(value); }

}  // namespace

std::string ChildPath(std::string_view parent, std::string_view key) {
  std::string path = Concat(parent, "/");
  for (char c : key) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
  return path;
}

std::string IndexPath(std::string_view parent, size_t index) { return Concat(parent, "/", index); }

void ParseErrors::Fail(std::string_view path, std::string_view message) {
  if (!first_error_.empty()) return;
  first_error_ = Concat(file_label_, ": ", Shortened(path.empty() ? "(root)" : path), ": ",
                        Shortened(message));
}

absl::Status ParseErrors::status() const {
  if (first_error_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(first_error_);
}

const nlohmann::json& EmptyObject() {
  static const auto* const empty = new nlohmann::json(nlohmann::json::object());
  return *empty;
}

std::string Describe(const nlohmann::json& value) {
  std::string text;
  AppendCompact(value, text);
  if (text.size() > kDescribeLimit) text = text.substr(0, kDescribeLimit - 3) + "...";
  return text;
}

bool ReadBool(ParseErrors& errors, const JsonAt& at) {
  if (at.value->is_boolean()) return at.value->get<bool>();
  errors.Fail(at.path, TypeMismatch("true or false", *at.value));
  return false;
}

std::string ReadString(ParseErrors& errors, const JsonAt& at) {
  if (at.value->is_string()) return at.value->get<std::string>();
  errors.Fail(at.path, TypeMismatch("a string", *at.value));
  return "";
}

std::string ReadNonEmptyString(ParseErrors& errors, const JsonAt& at) {
  std::string text = ReadString(errors, at);
  if (at.value->is_string() && text.empty()) errors.Fail(at.path, "must not be empty");
  return text;
}

int64_t ReadInt(ParseErrors& errors, const JsonAt& at, int64_t min, int64_t max) {
  SIM_CHECK(min <= max, "ReadInt needs min <= max");
  const nlohmann::json& value = *at.value;
  if (!value.is_number_integer()) {
    errors.Fail(at.path, TypeMismatch("an integer", value));
    return min;
  }
  const bool huge =
      value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max);
  const int64_t number = huge ? max : value.get<int64_t>();
  if (number < min) {
    errors.Fail(at.path, Concat("must be >= ", min, ", got ", Describe(value)));
    return min;
  }
  if (huge || number > max) {
    errors.Fail(at.path, Concat("must be <= ", max, ", got ", Describe(value)));
    return min;
  }
  return number;
}

uint64_t ReadUint64(ParseErrors& errors, const JsonAt& at) {
  const nlohmann::json& value = *at.value;
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) return value.get<uint64_t>();
  if (value.is_number_integer()) {
    errors.Fail(at.path, Concat("must be >= 0, got ", Describe(value)));
  } else {
    errors.Fail(at.path, TypeMismatch("an integer from 0 to 2^64-1", value));
  }
  return 0;
}

double ReadDouble(ParseErrors& errors, const JsonAt& at, double min, double max) {
  const nlohmann::json& value = *at.value;
  if (!value.is_number()) {
    errors.Fail(at.path, TypeMismatch("a number", value));
    return min;
  }
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < min || number > max) {
    const std::string range = max == std::numeric_limits<double>::max()
                                  ? Concat(">= ", NumberText(min))
                                  : Concat("in [", NumberText(min), ", ", NumberText(max), "]");
    errors.Fail(at.path, Concat("must be ", range, ", got ", Describe(value)));
    return min;
  }
  return number;
}

double ReadPositiveDouble(ParseErrors& errors, const JsonAt& at) {
  if (!at.value->is_number()) {
    errors.Fail(at.path, TypeMismatch("a number", *at.value));
    return 1;
  }
  const double number = at.value->get<double>();
  if (std::isfinite(number) && number > 0) return number;
  errors.Fail(at.path, "must be > 0, got " + Describe(*at.value));
  return 1;
}

TimeUs ReadDuration(ParseErrors& errors, const JsonAt& at, DurationSign sign) {
  if (!at.value->is_string()) {
    errors.Fail(at.path, TypeMismatch("a duration string with a unit such as \"20ms\"", *at.value));
    return 0;
  }
  absl::StatusOr<TimeUs> duration_us = ParseDurationUs(at.value->get<std::string>());
  if (!duration_us.ok()) {
    errors.Fail(at.path, std::string(duration_us.status().message()));
    return 0;
  }
  if (sign == DurationSign::kNonNegative && *duration_us < 0) {
    errors.Fail(at.path, Concat("must not be negative, got ", Describe(*at.value)));
    return 0;
  }
  if (sign == DurationSign::kPositive && *duration_us <= 0) {
    errors.Fail(at.path, Concat("must be greater than 0s, got ", Describe(*at.value)));
    return 0;
  }
  return *duration_us;
}

std::vector<JsonAt> ReadArray(ParseErrors& errors, const JsonAt& at, bool non_empty) {
  std::vector<JsonAt> elements;
  if (!at.value->is_array()) {
    errors.Fail(at.path, TypeMismatch("an array", *at.value));
    return elements;
  }
  if (non_empty && at.value->empty()) {
    errors.Fail(at.path, "must not be empty");
    return elements;
  }
  for (size_t i = 0; i < at.value->size(); ++i) {
    elements.push_back(JsonAt{&(*at.value)[i], IndexPath(at.path, i)});
  }
  return elements;
}

std::vector<TimeUs> ReadAscendingDurations(ParseErrors& errors, const JsonAt& at) {
  std::vector<TimeUs> list_us;
  for (const JsonAt& value : ReadArray(errors, at, /*non_empty=*/false)) {
    if (!errors.ok()) break;
    const TimeUs t_us = ReadDuration(errors, value, DurationSign::kNonNegative);
    if (errors.ok() && !list_us.empty() && t_us <= list_us.back()) {
      errors.Fail(value.path, "durations must be strictly ascending");
      break;
    }
    list_us.push_back(t_us);
  }
  return list_us;
}

std::vector<std::string> ReadNameList(ParseErrors& errors, const JsonAt& at) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const JsonAt& element : ReadArray(errors, at, /*non_empty=*/true)) {
    std::string name = ReadNonEmptyString(errors, element);
    if (!seen.insert(name).second && errors.ok()) {
      errors.Fail(element.path, Concat("\"", name, "\" is listed twice"));
    }
    names.push_back(std::move(name));
  }
  return names;
}

ObjectReader::ObjectReader(ParseErrors& errors, JsonAt at, std::vector<std::string_view> known_keys)
    : errors_(errors),
      object_(at.value->is_object() ? at.value : nullptr),
      path_(std::move(at.path)),
      known_keys_(std::move(known_keys)) {
  if (object_ == nullptr) {
    errors_.Fail(path_, TypeMismatch("an object", *at.value));
    return;
  }
  CheckKeys();
}

void ObjectReader::CheckKeys() const {
  for (const auto& [key, value] : object_->items()) {
    bool known = false;
    for (std::string_view candidate : known_keys_) known = known || candidate == key;
    if (known) continue;
    std::string hint = DidYouMeanSuffix(key, known_keys_);
    if (hint.empty()) hint = Concat(" (known keys: ", Join(known_keys_, ", "), ")");
    errors_.Fail(PathOf(key), Concat("unknown key \"", key, "\"", hint));
    return;
  }
}

std::optional<JsonAt> ObjectReader::Get(std::string_view key) const {
  bool known = false;
  for (std::string_view candidate : known_keys_) known = known || candidate == key;
  SIM_CHECK(known, "ObjectReader::Get of a key missing from known_keys");
  if (object_ == nullptr) return std::nullopt;
  const auto it = object_->find(key);
  if (it == object_->end()) return std::nullopt;
  return JsonAt{&*it, PathOf(key)};
}

JsonAt ObjectReader::GetOrEmpty(std::string_view key) const {
  std::optional<JsonAt> member = Get(key);
  if (member.has_value()) return *std::move(member);
  return JsonAt{&EmptyObject(), PathOf(key)};
}

std::optional<JsonAt> ObjectReader::Required(std::string_view key) const {
  std::optional<JsonAt> member = Get(key);
  if (!member.has_value() && object_ != nullptr)
    errors_.Fail(PathOf(key), "required key is missing");
  return member;
}

bool ObjectReader::Bool(std::string_view key, bool fallback) const {
  const std::optional<JsonAt> member = Get(key);
  return member.has_value() ? ReadBool(errors_, *member) : fallback;
}

int64_t ObjectReader::Int(std::string_view key, int64_t fallback, int64_t min, int64_t max) const {
  const std::optional<JsonAt> member = Get(key);
  return member.has_value() ? ReadInt(errors_, *member, min, max) : fallback;
}

double ObjectReader::Double(std::string_view key, double fallback, double min, double max) const {
  const std::optional<JsonAt> member = Get(key);
  return member.has_value() ? ReadDouble(errors_, *member, min, max) : fallback;
}

TimeUs ObjectReader::Duration(std::string_view key, TimeUs fallback, DurationSign sign) const {
  const std::optional<JsonAt> member = Get(key);
  return member.has_value() ? ReadDuration(errors_, *member, sign) : fallback;
}

std::string ObjectReader::String(std::string_view key, std::string fallback) const {
  const std::optional<JsonAt> member = Get(key);
  return member.has_value() ? ReadString(errors_, *member) : fallback;
}

int64_t ObjectReader::RequiredInt(std::string_view key, int64_t min, int64_t max) const {
  const std::optional<JsonAt> member = Required(key);
  return member.has_value() ? ReadInt(errors_, *member, min, max) : min;
}

double ObjectReader::RequiredDouble(std::string_view key, double min, double max) const {
  const std::optional<JsonAt> member = Required(key);
  return member.has_value() ? ReadDouble(errors_, *member, min, max) : min;
}

TimeUs ObjectReader::RequiredDuration(std::string_view key, DurationSign sign) const {
  const std::optional<JsonAt> member = Required(key);
  return member.has_value() ? ReadDuration(errors_, *member, sign) : 0;
}

}  // namespace sim::scenario
