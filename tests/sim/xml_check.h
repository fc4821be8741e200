// A tiny XML well-formedness checker for the SVG in report.html (there is no XML library among
// the allowed dependencies): elements nest and close in order, attribute values are quoted,
// attribute names are not repeated in one tag, '&' starts a known entity or a character reference,
// no raw '<' in text. Enough to catch a renderer that forgets to escape or to close; not a parser.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace sim::testing {

// Empty if `xml` is well-formed, else what is wrong and where.
inline std::string XmlProblem(std::string_view xml) {
  std::vector<std::string> open;
  auto entity_ok = [&](size_t at) {
    const size_t end = xml.find(';', at);
    if (end == std::string_view::npos || end - at > 10) return false;
    const std::string_view name = xml.substr(at + 1, end - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      return true;
    }
    if (name.size() < 2 || name[0] != '#') return false;
    for (size_t i = 1; i < name.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
    }
    return true;
  };
  size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '&') {
      if (!entity_ok(i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (c == '>') return "stray '>' in text at " + std::to_string(i);
    if (c != '<') {
      ++i;
      continue;
    }
    if (xml.substr(i, 4) == "<!--") {
      const size_t end = xml.find("-->", i);
      if (end == std::string_view::npos) return "unclosed comment";
      i = end + 3;
      continue;
    }
    const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[j])) || xml[j] == '-' ||
                              xml[j] == ':' || xml[j] == '_')) {
      ++j;
    }
    const std::string name(xml.substr(name_start, j - name_start));
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    std::vector<std::string> attributes;
    bool self_closing = false;
    while (true) {
      while (j < xml.size() && std::isspace(static_cast<unsigned char>(xml[j]))) ++j;
      if (j >= xml.size()) return "unterminated tag <" + name;
      if (xml[j] == '>') break;
      if (xml.substr(j, 2) == "/>") {
        self_closing = true;
        ++j;
        break;
      }
      if (closing) return "attributes on a closing tag </" + name;
      const size_t attribute_start = j;
      while (j < xml.size() && xml[j] != '=' && !std::isspace(static_cast<unsigned char>(xml[j])) &&
             xml[j] != '>') {
        ++j;
      }
      const std::string attribute(xml.substr(attribute_start, j - attribute_start));
      if (attribute.empty() || j >= xml.size() || xml[j] != '=') {
        return "attribute without a value in <" + name + "> near " + std::to_string(j);
      }
      for (const std::string& seen : attributes) {
        if (seen == attribute) return "repeated attribute " + attribute + " in <" + name + ">";
      }
      attributes.push_back(attribute);
      ++j;
      if (j >= xml.size() || (xml[j] != '"' && xml[j] != '\'')) {
        return "unquoted attribute " + attribute + " in <" + name + ">";
      }
      const char quote = xml[j];
      const size_t end = xml.find(quote, j + 1);
      if (end == std::string_view::npos) return "unterminated attribute " + attribute;
      const std::string_view value = xml.substr(j + 1, end - j - 1);
      if (value.find('<') != std::string_view::npos) return "'<' in attribute " + attribute;
      for (size_t k = 0; k < value.size(); ++k) {
        if (value[k] == '&' && !entity_ok(j + 1 + k)) return "bad entity in attribute " + attribute;
      }
      j = end + 1;
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
      }
      open.pop_back();
    } else if (!self_closing) {
      open.push_back(name);
    }
    i = j + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return "";
}

// Every <svg ...>...</svg> element of `html`, in order.
inline std::vector<std::string> SvgElements(const std::string& html) {
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = html.find("<svg", at)) != std::string::npos) {
    const size_t end = html.find("</svg>", at);
    if (end == std::string::npos) {
      out.push_back(html.substr(at));  // unterminated: the checker reports it
      break;
    }
    out.push_back(html.substr(at, end + 6 - at));
    at = end + 6;
  }
  return out;
}

}  // namespace sim::testing
