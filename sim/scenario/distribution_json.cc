#include "sim/scenario/distribution_json.h"

#include <utility>
#include <vector>

#include "sim/scenario/concat.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_keys.h"

namespace sim::scenario {
namespace {

using Kind = Distribution::Kind;

// Mixtures may contain mixtures; this bounds the recursion on hostile input.
constexpr int kMaxNesting = 8;

const std::vector<EnumSpelling<Kind>>& KindSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<Kind>>{
      {Kind::kConstant, "constant"},       {Kind::kUniform, "uniform"},
      {Kind::kExponential, "exponential"}, {Kind::kLognormal, "lognormal"},
      {Kind::kPareto, "pareto"},           {Kind::kMixture, "mixture"},
      {Kind::kEmpirical, "empirical"},
  };
  return *table;
}

// "distribution" and the keys of that kind (scenario_keys.cc, listed under the kind's name).
std::vector<std::string_view> KeysOfKind(Kind kind) {
  std::vector<std::string_view> keys{kDistributionKindKey};
  const std::vector<std::string_view>& own = KeysOf(SpellingOf(KindSpellings(), kind));
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

// Records "must be >= <what> (<bound>), got <value>" at `key` when value_us < bound_us.
bool CheckAtLeast(const ObjectReader& reader, std::string_view key, TimeUs value_us,
                  std::string_view what, TimeUs bound_us) {
  if (value_us >= bound_us) return true;
  reader.errors().Fail(reader.PathOf(key),
                       Concat("must be >= ", what, " (", FormatDurationUs(bound_us), "), got \"",
                              FormatDurationUs(value_us), "\""));
  return false;
}

Distribution ReadUniform(const ObjectReader& reader) {
  const TimeUs min_us = reader.RequiredDuration("min", DurationSign::kNonNegative);
  const TimeUs max_us = reader.RequiredDuration("max", DurationSign::kNonNegative);
  if (!reader.errors().ok() || !CheckAtLeast(reader, "max", max_us, "min", min_us)) {
    return Distribution::Constant(0);
  }
  return Distribution::Uniform(min_us, max_us);
}

Distribution ReadLognormal(const ObjectReader& reader) {
  const TimeUs median_us = reader.RequiredDuration("median", DurationSign::kPositive);
  const TimeUs p99_us = reader.RequiredDuration("p99", DurationSign::kPositive);
  if (!reader.errors().ok() || !CheckAtLeast(reader, "p99", p99_us, "median", median_us)) {
    return Distribution::Constant(0);
  }
  return Distribution::Lognormal(median_us, p99_us);
}

Distribution ReadPareto(const ObjectReader& reader) {
  const TimeUs scale_us = reader.RequiredDuration("scale", DurationSign::kPositive);
  const std::optional<JsonAt> shape_at = reader.Required("shape");
  const double shape = shape_at ? ReadPositiveDouble(reader.errors(), *shape_at) : 1;
  if (!reader.errors().ok()) return Distribution::Constant(0);
  return Distribution::Pareto(scale_us, shape);
}

Distribution ReadAt(ParseErrors& errors, const JsonAt& at, int depth);

Distribution ReadMixture(const ObjectReader& reader, int depth) {
  ParseErrors& errors = reader.errors();
  std::vector<MixturePart> parts;
  if (const std::optional<JsonAt> parts_at = reader.Required("parts")) {
    for (const JsonAt& part_at : ReadArray(errors, *parts_at, /*non_empty=*/true)) {
      const ObjectReader part(errors, part_at, KeysOf("mixture.parts[]"));
      const std::optional<JsonAt> weight_at = part.Required("weight");
      const double weight = weight_at ? ReadPositiveDouble(errors, *weight_at) : 1;
      const std::optional<JsonAt> of_at = part.Required("of");
      Distribution of = of_at ? ReadAt(errors, *of_at, depth + 1) : Distribution::Constant(0);
      parts.push_back(MixturePart{weight, {std::move(of)}});
    }
  }
  if (!errors.ok()) return Distribution::Constant(0);
  return Distribution::Mixture(std::move(parts));
}

// One [quantile, duration] pair of an empirical distribution, checked against the previous one.
QuantilePoint ReadQuantilePoint(ParseErrors& errors, const JsonAt& at,
                                const QuantilePoint& previous) {
  const std::vector<JsonAt> pair = ReadArray(errors, at, /*non_empty=*/true);
  if (pair.size() != 2) {
    errors.Fail(at.path, "expected a [quantile, duration] pair such as [0.99, \"20ms\"], got " +
                             Describe(*at.value));
    return previous;
  }
  QuantilePoint point{ReadDouble(errors, pair[0], 0, 1),
                      ReadDuration(errors, pair[1], DurationSign::kNonNegative)};
  if (errors.ok() && point.quantile <= previous.quantile) {
    errors.Fail(pair[0].path, Concat("quantiles must increase strictly: must be > ",
                                     previous.quantile, ", got ", Describe(*pair[0].value)));
  }
  if (errors.ok() && point.value_us < previous.value_us) {
    errors.Fail(pair[1].path,
                Concat("values must not decrease: must be >= \"",
                       FormatDurationUs(previous.value_us), "\", got ", Describe(*pair[1].value)));
  }
  return point;
}

Distribution ReadEmpirical(const ObjectReader& reader) {
  ParseErrors& errors = reader.errors();
  std::vector<QuantilePoint> points;
  const std::optional<JsonAt> quantiles_at = reader.Required("quantiles");
  if (!quantiles_at) return Distribution::Constant(0);
  QuantilePoint previous{0, 0};
  for (const JsonAt& point_at : ReadArray(errors, *quantiles_at, /*non_empty=*/true)) {
    previous = ReadQuantilePoint(errors, point_at, previous);
    points.push_back(previous);
  }
  if (errors.ok() && points.back().quantile != 1.0) {
    errors.Fail(IndexPath(quantiles_at->path, points.size() - 1),
                Concat("the last quantile must be exactly 1.0, got ", points.back().quantile));
  }
  if (!errors.ok()) return Distribution::Constant(0);
  return Distribution::Empirical(std::move(points));
}

Distribution ReadKind(const ObjectReader& reader, Kind kind, int depth) {
  switch (kind) {
    case Kind::kConstant:
      return Distribution::Constant(reader.RequiredDuration("value", DurationSign::kNonNegative));
    case Kind::kUniform:
      return ReadUniform(reader);
    case Kind::kExponential:
      return Distribution::Exponential(reader.RequiredDuration("mean", DurationSign::kPositive));
    case Kind::kLognormal:
      return ReadLognormal(reader);
    case Kind::kPareto:
      return ReadPareto(reader);
    case Kind::kMixture:
      return ReadMixture(reader, depth);
    case Kind::kEmpirical:
      return ReadEmpirical(reader);
  }
  return Distribution::Constant(0);
}

Distribution ReadAt(ParseErrors& errors, const JsonAt& at, int depth) {
  if (depth > kMaxNesting) {
    errors.Fail(at.path, Concat("mixtures nest more than ", kMaxNesting, " levels deep"));
    return Distribution::Constant(0);
  }
  if (!at.value->is_object()) {
    errors.Fail(at.path,
                "expected a distribution object such as "
                "{\"distribution\":\"constant\",\"value\":\"1ms\"}, got " +
                    Describe(*at.value));
    return Distribution::Constant(0);
  }
  const auto kind_it = at.value->find("distribution");
  if (kind_it == at.value->end()) {
    errors.Fail(ChildPath(at.path, "distribution"), "required key is missing");
    return Distribution::Constant(0);
  }
  const Kind kind =
      ReadEnum(errors, JsonAt{&*kind_it, ChildPath(at.path, "distribution")}, KindSpellings());
  if (!errors.ok()) return Distribution::Constant(0);
  const ObjectReader reader(errors, at, KeysOfKind(kind));
  Distribution result = ReadKind(reader, kind, depth);
  return errors.ok() ? result : Distribution::Constant(0);
}

void AddQuantiles(const std::vector<QuantilePoint>& points, nlohmann::ordered_json& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const QuantilePoint& point : points) {
    list.push_back({point.quantile, FormatDurationUs(point.value_us)});
  }
  out["quantiles"] = std::move(list);
}

void AddParts(const std::vector<MixturePart>& parts, nlohmann::ordered_json& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const MixturePart& part : parts) {
    nlohmann::ordered_json item;
    item["weight"] = part.weight;
    item["of"] = DistributionToJson(part.of.front());
    list.push_back(std::move(item));
  }
  out["parts"] = std::move(list);
}

}  // namespace

Distribution ReadDistribution(ParseErrors& errors, const JsonAt& at) {
  return ReadAt(errors, at, 0);
}

Distribution ReadDistributionOrDuration(ParseErrors& errors, const JsonAt& at) {
  if (!at.value->is_string()) return ReadDistribution(errors, at);
  return Distribution::Constant(ReadDuration(errors, at, DurationSign::kNonNegative));
}

nlohmann::ordered_json DistributionToJson(const Distribution& d) {
  nlohmann::ordered_json out;
  out["distribution"] = SpellingOf(KindSpellings(), d.kind);
  switch (d.kind) {
    case Kind::kConstant:
      out["value"] = FormatDurationUs(d.value_us);
      break;
    case Kind::kUniform:
      out["min"] = FormatDurationUs(d.min_us);
      out["max"] = FormatDurationUs(d.max_us);
      break;
    case Kind::kExponential:
      out["mean"] = FormatDurationUs(d.mean_us);
      break;
    case Kind::kLognormal:
      out["median"] = FormatDurationUs(d.median_us);
      out["p99"] = FormatDurationUs(d.p99_us);
      break;
    case Kind::kPareto:
      out["scale"] = FormatDurationUs(d.scale_us);
      out["shape"] = d.shape;
      break;
    case Kind::kMixture:
      AddParts(d.parts, out);
      break;
    case Kind::kEmpirical:
      AddQuantiles(d.quantiles, out);
      break;
  }
  return out;
}

}  // namespace sim::scenario
