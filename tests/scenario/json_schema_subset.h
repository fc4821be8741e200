// A validator for the subset of JSON Schema (draft 2020-12) that docs/scenario.schema.json uses,
// so tests can check the schema against the shipped scenarios without a schema library.
// Header-only: the test glob compiles *_test.cc.
//
// A keyword outside the subset is an error (UnsupportedKeywords, and Validate reports it where
// it meets one), so the schema cannot rely on a check that nothing here performs. Deliberate
// differences from the standard, both matching the scenario loader:
//   - "integer" means a JSON integer literal: 3.0 is not an integer (the loader rejects it);
//   - "pattern" uses std::regex's ECMAScript grammar (the standard names ECMA-262 too).
#pragma once

#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::scenario::schema_subset {

// Keywords that only annotate: never checked, always allowed.
inline const std::set<std::string>& AnnotationKeywords() {
  static const auto* const words =
      new std::set<std::string>{"$schema", "$id", "title", "description", "$comment", "default"};
  return *words;
}

// Keywords whose value is one subschema, a list of them, or a name -> subschema map.
inline const std::set<std::string>& SubschemaKeywords() {
  static const auto* const words =
      new std::set<std::string>{"additionalProperties", "items", "propertyNames"};
  return *words;
}
inline const std::set<std::string>& SubschemaListKeywords() {
  static const auto* const words = new std::set<std::string>{"oneOf", "prefixItems"};
  return *words;
}
inline const std::set<std::string>& SubschemaMapKeywords() {
  static const auto* const words = new std::set<std::string>{"properties", "$defs"};
  return *words;
}
// Keywords checked against the instance directly.
inline const std::set<std::string>& AssertionKeywords() {
  static const auto* const words = new std::set<std::string>{
      "$ref",      "type",      "enum",      "const",    "required",         "minimum",
      "maximum",   "exclusiveMinimum",       "exclusiveMaximum",           "pattern",
      "minLength", "maxLength", "minItems",  "maxItems", "uniqueItems"};
  return *words;
}

inline bool IsSupportedKeyword(const std::string& word) {
  return AnnotationKeywords().count(word) > 0 || SubschemaKeywords().count(word) > 0 ||
         SubschemaListKeywords().count(word) > 0 || SubschemaMapKeywords().count(word) > 0 ||
         AssertionKeywords().count(word) > 0;
}

namespace internal {

inline void CollectUnsupported(const nlohmann::json& schema, const std::string& path,
                               std::vector<std::string>& out) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) {
    out.push_back(path + ": a schema must be an object or a boolean");
    return;
  }
  for (const auto& [word, value] : schema.items()) {
    const std::string at = path + "/" + word;
    if (!IsSupportedKeyword(word)) {
      out.push_back(at + ": unsupported keyword");
    } else if (SubschemaKeywords().count(word) > 0) {
      CollectUnsupported(value, at, out);
    } else if (SubschemaListKeywords().count(word) > 0) {
      for (size_t i = 0; i < value.size(); ++i) {
        CollectUnsupported(value[i], at + "/" + std::to_string(i), out);
      }
    } else if (SubschemaMapKeywords().count(word) > 0) {
      for (const auto& [name, subschema] : value.items()) {
        CollectUnsupported(subschema, at + "/" + name, out);
      }
    }
  }
}

// Numbers compared exactly enough for 64-bit integers (long double has a 64-bit mantissa on
// x86-64; the schema's largest bound is 2^64-1).
inline long double AsNumber(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return static_cast<long double>(value.get<uint64_t>());
  if (value.is_number_integer()) return static_cast<long double>(value.get<int64_t>());
  return static_cast<long double>(value.get<double>());
}

inline bool HasType(const nlohmann::json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number_integer();
  return false;
}

inline size_t CodePoints(const std::string& text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

}  // namespace internal

// Every keyword of `schema` (recursively) outside the supported subset, as "<pointer>: why".
inline std::vector<std::string> UnsupportedKeywords(const nlohmann::json& schema) {
  std::vector<std::string> out;
  internal::CollectUnsupported(schema, "", out);
  return out;
}

// Validates instances against one schema document (its "#/$defs/..." references resolve
// within it).
class Validator {
 public:
  explicit Validator(nlohmann::json root) : root_(std::move(root)) {}

  // The errors of `instance`, each "<instance pointer>: <why>"; empty when it is valid.
  std::vector<std::string> Validate(const nlohmann::json& instance) const {
    std::vector<std::string> errors;
    Check(root_, instance, "", errors);
    return errors;
  }

 private:
  void Check(const nlohmann::json& schema, const nlohmann::json& value, const std::string& at,
             std::vector<std::string>& errors) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) errors.push_back(at + ": no value is allowed here");
      return;
    }
    for (const auto& [word, argument] : schema.items()) {
      if (!IsSupportedKeyword(word)) {
        errors.push_back(at + ": the schema uses unsupported keyword " + word);
      }
    }
    if (schema.contains("$ref")) CheckRef(schema["$ref"], value, at, errors);
    if (schema.contains("type")) CheckType(schema["type"], value, at, errors);
    if (schema.contains("enum")) {
      bool found = false;
      for (const nlohmann::json& allowed : schema["enum"]) found = found || allowed == value;
      if (!found) errors.push_back(at + ": " + value.dump() + " is not one of the enum");
    }
    if (schema.contains("const") && schema["const"] != value) {
      errors.push_back(at + ": must be " + schema["const"].dump() + ", got " + value.dump());
    }
    if (schema.contains("oneOf")) CheckOneOf(schema["oneOf"], value, at, errors);
    if (value.is_number()) CheckNumber(schema, value, at, errors);
    if (value.is_string()) CheckString(schema, value.get<std::string>(), at, errors);
    if (value.is_array()) CheckArray(schema, value, at, errors);
    if (value.is_object()) CheckObject(schema, value, at, errors);
  }

  void CheckRef(const nlohmann::json& ref, const nlohmann::json& value, const std::string& at,
                std::vector<std::string>& errors) const {
    const std::string text = ref.get<std::string>();
    if (text.rfind("#/", 0) != 0) {
      errors.push_back(at + ": unsupported $ref " + text + " (only local #/... references)");
      return;
    }
    const nlohmann::json::json_pointer pointer(text.substr(1));
    if (!root_.contains(pointer)) {
      errors.push_back(at + ": $ref " + text + " names nothing in the schema");
      return;
    }
    Check(root_.at(pointer), value, at, errors);
  }

  static void CheckType(const nlohmann::json& type, const nlohmann::json& value,
                        const std::string& at, std::vector<std::string>& errors) {
    bool ok = false;
    if (type.is_string()) ok = internal::HasType(value, type.get<std::string>());
    for (const nlohmann::json& one : type.is_array() ? type : nlohmann::json::array()) {
      ok = ok || internal::HasType(value, one.get<std::string>());
    }
    if (!ok) errors.push_back(at + ": expected type " + type.dump() + ", got " + value.dump());
  }

  void CheckOneOf(const nlohmann::json& branches, const nlohmann::json& value,
                  const std::string& at, std::vector<std::string>& errors) const {
    int matches = 0;
    for (const nlohmann::json& branch : branches) {
      std::vector<std::string> branch_errors;
      Check(branch, value, at, branch_errors);
      if (branch_errors.empty()) ++matches;
    }
    if (matches != 1) {
      errors.push_back(at + ": matches " + std::to_string(matches) +
                       " of the oneOf branches, must match exactly 1");
    }
  }

  static void CheckNumber(const nlohmann::json& schema, const nlohmann::json& value,
                          const std::string& at, std::vector<std::string>& errors) {
    const long double number = internal::AsNumber(value);
    auto bound = [&](const char* word) { return internal::AsNumber(schema[word]); };
    if (schema.contains("minimum") && number < bound("minimum")) {
      errors.push_back(at + ": below minimum " + schema["minimum"].dump());
    }
    if (schema.contains("maximum") && number > bound("maximum")) {
      errors.push_back(at + ": above maximum " + schema["maximum"].dump());
    }
    if (schema.contains("exclusiveMinimum") && number <= bound("exclusiveMinimum")) {
      errors.push_back(at + ": must be > " + schema["exclusiveMinimum"].dump());
    }
    if (schema.contains("exclusiveMaximum") && number >= bound("exclusiveMaximum")) {
      errors.push_back(at + ": must be < " + schema["exclusiveMaximum"].dump());
    }
  }

  // Compiling a std::regex is slow (very, in a debug build): each pattern once.
  const std::regex& Compiled(const std::string& pattern) const {
    auto it = patterns_.find(pattern);
    if (it == patterns_.end()) {
      it = patterns_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    }
    return it->second;
  }

  void CheckString(const nlohmann::json& schema, const std::string& text, const std::string& at,
                   std::vector<std::string>& errors) const {
    const size_t length = internal::CodePoints(text);
    if (schema.contains("minLength") && length < schema["minLength"].get<size_t>()) {
      errors.push_back(at + ": shorter than minLength");
    }
    if (schema.contains("maxLength") && length > schema["maxLength"].get<size_t>()) {
      errors.push_back(at + ": longer than maxLength");
    }
    if (schema.contains("pattern")) {
      if (!std::regex_search(text, Compiled(schema["pattern"].get<std::string>()))) {
        errors.push_back(at + ": \"" + text + "\" does not match " + schema["pattern"].dump());
      }
    }
  }

  void CheckArray(const nlohmann::json& schema, const nlohmann::json& value,
                  const std::string& at, std::vector<std::string>& errors) const {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
      errors.push_back(at + ": fewer than minItems items");
    }
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      errors.push_back(at + ": more than maxItems items");
    }
    if (schema.value("uniqueItems", false)) {
      for (size_t i = 0; i < value.size(); ++i) {
        for (size_t j = i + 1; j < value.size(); ++j) {
          if (value[i] == value[j]) errors.push_back(at + ": items are not unique");
        }
      }
    }
    size_t first_of_items = 0;
    if (schema.contains("prefixItems")) {
      const nlohmann::json& prefix = schema["prefixItems"];
      for (; first_of_items < prefix.size() && first_of_items < value.size(); ++first_of_items) {
        Check(prefix[first_of_items], value[first_of_items],
              at + "/" + std::to_string(first_of_items), errors);
      }
    }
    if (schema.contains("items")) {
      for (size_t i = first_of_items; i < value.size(); ++i) {
        Check(schema["items"], value[i], at + "/" + std::to_string(i), errors);
      }
    }
  }

  void CheckObject(const nlohmann::json& schema, const nlohmann::json& value,
                   const std::string& at, std::vector<std::string>& errors) const {
    for (const nlohmann::json& name : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(name.get<std::string>())) {
        errors.push_back(at + ": required key " + name.dump() + " is missing");
      }
    }
    const nlohmann::json properties = schema.value("properties", nlohmann::json::object());
    for (const auto& [key, member] : value.items()) {
      const std::string member_at = at + "/" + key;
      if (schema.contains("propertyNames")) {
        Check(schema["propertyNames"], nlohmann::json(key), member_at + " (the key)", errors);
      }
      if (properties.contains(key)) {
        Check(properties[key], member, member_at, errors);
      } else if (schema.contains("additionalProperties")) {
        Check(schema["additionalProperties"], member, member_at, errors);
      }
    }
  }

  nlohmann::json root_;
  mutable std::map<std::string, std::regex> patterns_;
};

}  // namespace sim::scenario::schema_subset
