#include "sim/report/svg.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "fmt/format.h"

namespace sim::svg {
namespace {

constexpr int kLeft = 70, kRight = 20, kTop = 58, kBottom = 80;
// Band labels sit above the plot (rows at these baselines), clear of the data and the title.
constexpr int kBandLabelRows[] = {38, 51};

// "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about 8 ticks.
std::vector<double> LinearTicks(double lo, double hi) {
  const double span = hi - lo;
  const double raw = span / 8;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

std::string Number(double value) {
  if (value != 0 && (std::abs(value) >= 1e6 || std::abs(value) < 1e-3)) {
    return fmt::format("{:.3g}", value);
  }
  std::string text = fmt::format("{:.3f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

// Maps data to pixels on one axis.
struct Scale {
  double lo = 0, hi = 1;
  double pixel_lo = 0, pixel_hi = 1;
  bool log = false;
  double operator()(double value) const {
    const double v = log ? std::log10(value) : value;
    const double a = log ? std::log10(lo) : lo;
    const double b = log ? std::log10(hi) : hi;
    return pixel_lo + (v - a) / (b - a) * (pixel_hi - pixel_lo);
  }
  std::vector<double> Ticks() const {
    if (!log) return LinearTicks(lo, hi);
    std::vector<double> ticks;
    for (double t = std::pow(10, std::floor(std::log10(lo))); t <= hi * (1 + 1e-9); t *= 10) {
      if (t >= lo * (1 - 1e-9)) ticks.push_back(t);
    }
    return ticks;
  }
};

// The data range of an axis, widened so it is never empty.
Scale MakeScale(const Axis& axis, std::vector<double> values, double pixel_lo, double pixel_hi) {
  Scale scale;
  scale.log = axis.log;
  scale.pixel_lo = pixel_lo;
  scale.pixel_hi = pixel_hi;
  if (axis.log) values.erase(std::remove_if(values.begin(), values.end(),
                                            [](double v) { return !(v > 0); }),
                             values.end());
  double lo = values.empty() ? (axis.log ? 1 : 0) : *std::min_element(values.begin(), values.end());
  double hi = values.empty() ? 1 : *std::max_element(values.begin(), values.end());
  if (!axis.log) lo = std::min(lo, 0.0);
  if (axis.min) lo = *axis.min;
  if (axis.max) hi = *axis.max;
  if (axis.log) {
    lo = std::pow(10, std::floor(std::log10(lo)));
    hi = std::pow(10, std::ceil(std::log10(hi)));
    if (hi <= lo) hi = lo * 10;
  } else if (hi <= lo) {
    hi = lo + 1;
  }
  scale.lo = lo;
  scale.hi = hi;
  return scale;
}

void Open(std::string* out, int width, int height, std::string_view title) {
  fmt::format_to(std::back_inserter(*out),
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                 "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\" "
                 "role=\"img\">\n<title>{2}</title>\n"
                 "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
                 "<text x=\"{3}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" "
                 "font-weight=\"bold\">{2}</text>\n",
                 width, height, Escape(title), width / 2);
}

void Axes(std::string* out, const Scale& x, const Scale& y, std::string_view x_title,
          std::string_view y_title, int width, int height, bool x_ticks) {
  const double x0 = kLeft, x1 = width - kRight, y0 = height - kBottom, y1 = kTop;
  for (double t : y.Ticks()) {
    const double py = y(t);
    fmt::format_to(std::back_inserter(*out),
                   "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>\n"
                   "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                   x0, py, x1, py, x0 - 6, py + 4, Escape(Number(t)));
  }
  if (x_ticks) {
    for (double t : x.Ticks()) {
      const double px = x(t);
      fmt::format_to(std::back_inserter(*out),
                     "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333333\"/>\n"
                     "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     px, y0, px, y0 + 5, px, y0 + 18, Escape(Number(t)));
    }
  }
  fmt::format_to(std::back_inserter(*out),
                 "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#333333\"/>\n"
                 "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{3:.1f}\" stroke=\"#333333\"/>\n"
                 "<text x=\"{4:.1f}\" y=\"{5:.1f}\" text-anchor=\"middle\">{6}</text>\n"
                 "<text x=\"16\" y=\"{7:.1f}\" text-anchor=\"middle\" "
                 "transform=\"rotate(-90 16 {7:.1f})\">{8}</text>\n",
                 x0, y0, x1, y1, (x0 + x1) / 2, y0 + 38, Escape(x_title), (y0 + y1) / 2,
                 Escape(y_title));
}

void Legend(std::string* out, const std::vector<std::string>& names,
            const std::vector<std::string>& colors, int height) {
  double x = kLeft;
  const double y = height - 22;
  for (size_t i = 0; i < names.size(); ++i) {
    fmt::format_to(std::back_inserter(*out),
                   "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"10\" fill=\"{}\"/>\n"
                   "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                   x, y - 9, Escape(colors[i]), x + 18, y, Escape(names[i]));
    x += 30 + 7.0 * static_cast<double>(names[i].size());
  }
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Color(size_t index) {
  static const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return kPalette[index % 10];
}

std::string RenderLineChart(const LineChart& chart, int width, int height) {
  std::vector<double> xs, ys;
  for (const Series& series : chart.series) {
    for (const Point& p : series.points) {
      xs.push_back(p.x);
      ys.push_back(p.y);
    }
  }
  for (const Band& band : chart.bands) {
    xs.push_back(band.from);
    xs.push_back(band.to);
  }
  const Scale x = MakeScale(chart.x, xs, kLeft, width - kRight);
  const Scale y = MakeScale(chart.y, ys, height - kBottom, kTop);
  std::string out;
  Open(&out, width, height, chart.title);
  for (size_t i = 0; i < chart.bands.size(); ++i) {
    const Band& band = chart.bands[i];
    const double from = x(std::clamp(band.from, x.lo, x.hi));
    const double to = x(std::clamp(band.to, x.lo, x.hi));
    fmt::format_to(std::back_inserter(out),
                   "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#d62728\" "
                   "fill-opacity=\"0.12\" stroke=\"#d62728\" stroke-opacity=\"0.5\"/>\n"
                   "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" fill=\"#a01010\">{}</text>\n",
                   from, kTop, std::max(to - from, 1.0), height - kBottom - kTop, from + 2,
                   kBandLabelRows[i % 2], Escape(band.label));
  }
  Axes(&out, x, y, chart.x.title, chart.y.title, width, height, true);
  std::vector<std::string> names, colors;
  for (const Series& series : chart.series) {
    names.push_back(series.name);
    colors.push_back(series.color);
    std::string path;
    for (const Point& p : series.points) {
      if (chart.x.log && !(p.x > 0)) continue;
      if (chart.y.log && !(p.y > 0)) continue;
      fmt::format_to(std::back_inserter(path), "{}{:.1f},{:.1f}", path.empty() ? "" : " ", x(p.x),
                     y(p.y));
      if (series.markers) {
        fmt::format_to(std::back_inserter(out),
                       "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", x(p.x),
                       y(p.y), Escape(series.color));
      }
    }
    if (!path.empty()) {
      fmt::format_to(std::back_inserter(out),
                     "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                     path, Escape(series.color));
    }
  }
  Legend(&out, names, colors, height);
  out += "</svg>\n";
  return out;
}

std::string RenderBarChart(const BarChart& chart, int width, int height) {
  std::vector<double> values{0};
  for (const BarGroup& group : chart.groups) {
    values.insert(values.end(), group.values.begin(), group.values.end());
  }
  Axis y_axis;
  const Scale y = MakeScale(y_axis, values, height - kBottom, kTop);
  const Scale x{0, 1, kLeft, static_cast<double>(width - kRight), false};
  std::string out;
  Open(&out, width, height, chart.title);
  Axes(&out, x, y, chart.x_title, chart.y_title, width, height, false);
  const double slot = (width - kLeft - kRight) / std::max<double>(1, chart.groups.size());
  const size_t per_group = std::max<size_t>(1, chart.series_names.size());
  const double bar = slot * 0.8 / static_cast<double>(per_group);
  for (size_t g = 0; g < chart.groups.size(); ++g) {
    const double left = kLeft + slot * static_cast<double>(g) + slot * 0.1;
    for (size_t s = 0; s < chart.groups[g].values.size(); ++s) {
      const double value = chart.groups[g].values[s];
      const double top = y(value);
      fmt::format_to(std::back_inserter(out),
                     "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                     "fill=\"{}\"><title>{}: {}</title></rect>\n",
                     left + bar * static_cast<double>(s), top, std::max(bar - 1, 1.0),
                     y(0) - top, Escape(s < chart.series_colors.size() ? chart.series_colors[s]
                                                                        : Color(s)),
                     Escape(chart.groups[g].label), Escape(Number(value)));
    }
    fmt::format_to(std::back_inserter(out),
                   "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                   left + slot * 0.4, height - kBottom + 16, Escape(chart.groups[g].label));
    if (bar < 28) continue;  // too narrow to label each bar
    for (size_t s = 0; s < chart.groups[g].values.size(); ++s) {
      const double value = chart.groups[g].values[s];
      fmt::format_to(std::back_inserter(out),
                     "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"10\">{}</text>\n",
                     left + bar * (static_cast<double>(s) + 0.5), y(value) - 3,
                     Escape(Number(value)));
    }
  }
  Legend(&out, chart.series_names, chart.series_colors, height);
  out += "</svg>\n";
  return out;
}

}  // namespace sim::svg
