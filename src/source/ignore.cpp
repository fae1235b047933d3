// .sourceignore rules: gitignore syntax, simplified (see export.h).
#include <sstream>

#include "gitsync/source/export.h"

namespace gitsync::source {
namespace {

// Translates a gitignore glob into an ECMAScript regex over '/'-separated relative paths.
std::string globToRegex(const std::string& glob) {
  std::string re;
  for (size_t i = 0; i < glob.size(); ++i) {
    char c = glob[i];
    if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*') {
      bool atSegmentStart = i == 0 || glob[i - 1] == '/';
      if (atSegmentStart && i + 2 < glob.size() && glob[i + 2] == '/') {
        re += "(?:.*/)?";  // "**/": zero or more folders
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (c == '*') {
      re += "[^/]*";
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      size_t close = glob.find(']', i + 1);
      if (close == std::string::npos) {
        re += "\\[";
        continue;
      }
      std::string cls = glob.substr(i + 1, close - i - 1);
      if (!cls.empty() && cls[0] == '!') cls[0] = '^';
      re += "[" + cls + "]";
      i = close;
    } else if (c == '\\' && i + 1 < glob.size()) {
      re += '\\';
      re += glob[++i];
    } else if (std::string("^$.|+(){}").find(c) != std::string::npos) {
      re += '\\';
      re += c;
    } else {
      re += c;
    }
  }
  return re;
}

}  // namespace

void IgnoreRules::add(const std::string& base, const std::string& fileText) {
  std::istringstream in(fileText);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ' &&
           (line.size() < 2 || line[line.size() - 2] != '\\')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') continue;
    Rule rule;
    rule.base = base;
    if (line[0] == '!') {
      rule.negate = true;
      line.erase(0, 1);
    } else if (line[0] == '\\' && line.size() > 1 && (line[1] == '!' || line[1] == '#')) {
      line.erase(0, 1);
    }
    if (!line.empty() && line.back() == '/') {
      rule.dirOnly = true;
      line.pop_back();
    }
    if (line.empty()) continue;
    bool anchored = line.find('/') != std::string::npos;
    if (line[0] == '/') line.erase(0, 1);
    std::string re = globToRegex(line);
    if (!anchored) re = "(?:.*/)?" + re;
    try {
      rule.pattern = std::regex(re, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error&) {
      continue;  // like git, a pattern that cannot be compiled never matches
    }
    rules_.push_back(std::move(rule));
  }
}

bool IgnoreRules::ignored(const std::string& path, bool isDir) const {
  bool result = false;
  for (const Rule& rule : rules_) {
    if (rule.dirOnly && !isDir) continue;
    std::string rel;
    if (rule.base.empty()) {
      rel = path;
    } else if (path.size() > rule.base.size() &&
               path.compare(0, rule.base.size(), rule.base) == 0 &&
               path[rule.base.size()] == '/') {
      rel = path.substr(rule.base.size() + 1);
    } else {
      continue;
    }
    if (std::regex_match(rel, rule.pattern)) result = !rule.negate;
  }
  return result;
}

}  // namespace gitsync::source
