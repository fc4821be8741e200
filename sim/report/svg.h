// Inline SVG charts for report.html: line charts (with shaded, labelled time windows) and bar
// charts, with titled axes, units, ticks and a legend. Output is plain SVG 1.1 markup with every
// attribute quoted and every text escaped, no scripts, no external references, so the HTML stays
// one self-contained file. Deterministic: the same data gives the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::svg {

// Text safe inside XML elements and quoted attributes.
std::string Escape(std::string_view text);

struct Point {
  double x = 0;
  double y = 0;
};

struct Series {
  std::string name;   // legend label
  std::string color;  // CSS colour ("#1f77b4")
  std::vector<Point> points;
  bool markers = false;  // draw a dot at each point
};

// A shaded x-interval (a fault window); zero width is drawn as a vertical line.
struct Band {
  double from = 0;
  double to = 0;
  std::string label;
};

struct Axis {
  std::string title;  // with unit: "time (s)"
  std::optional<double> min, max;  // default: from the data (and 0 for a linear axis)
  bool log = false;                // base-10 log scale (values <= 0 are left out)
};

struct LineChart {
  std::string title;
  Axis x, y;
  std::vector<Series> series;
  std::vector<Band> bands;
};

// Renders `chart` as one <svg> element of the given pixel size.
std::string RenderLineChart(const LineChart& chart, int width = 900, int height = 320);

struct BarGroup {
  std::string label;           // category under the bars ("n1", "2 versions")
  std::vector<double> values;  // one per series, in series order
};

struct BarChart {
  std::string title;
  std::string x_title;
  std::string y_title;
  std::vector<std::string> series_names;   // legend (one colour each)
  std::vector<std::string> series_colors;
  std::vector<BarGroup> groups;
};

std::string RenderBarChart(const BarChart& chart, int width = 900, int height = 320);

// A fixed palette for series (Tableau 10).
std::string Color(size_t index);

}  // namespace sim::svg
