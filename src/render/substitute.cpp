#include "substitute.h"

#include "gitsync/core/yaml.h"

namespace gitsync::render {
namespace {

bool isNameChar(char c, bool first) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

}  // namespace

Result<std::string> substituteText(std::string_view text,
                                   const std::map<std::string, std::string>& vars,
                                   const std::string& subject) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '$' && i + 2 < text.size() && text[i + 1] == '$' && text[i + 2] == '{') {
      out.append("${");  // escaped: $${X} -> ${X}
      i += 2;
      continue;
    }
    if (c != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      out.push_back(c);
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return invalidArgument(subject + ": substitute: unterminated '${' in '" +
                             std::string(text.substr(i, 40)) + "'");
    }
    std::string_view expr = text.substr(i + 2, close - i - 2);
    size_t n = 0;
    while (n < expr.size() && isNameChar(expr[n], n == 0)) ++n;
    std::string_view name = expr.substr(0, n);
    std::string_view rest = expr.substr(n);
    if (name.empty() || !(rest.empty() || rest.rfind(":=", 0) == 0 || rest.rfind(":-", 0) == 0)) {
      return invalidArgument(subject + ": substitute: bad variable expression '${" +
                             std::string(expr) + "}'");
    }
    auto it = vars.find(std::string(name));
    if (it != vars.end() && !(rest.rfind(":-", 0) == 0 && it->second.empty()) &&
        !(rest.rfind(":=", 0) == 0 && it->second.empty())) {
      out.append(it->second);
    } else if (!rest.empty()) {
      out.append(rest.substr(2));
    } else {
      return invalidArgument(subject + ": substitute: variable '" + std::string(name) +
                             "' is not set and has no default");
    }
    i = close;
  }
  return out;
}

Result<ObjectSet> substituteVariables(ObjectSet set, const std::map<std::string, std::string>& vars) {
  for (Resource& r : set) {
    if (r.object.str({"metadata", "annotations", "gitsync.dev/substitute"}) == "disabled") continue;
    std::string subject = r.id().display();
    GITSYNC_ASSIGN_OR_RETURN(std::string yaml, core::emitKustomizeYaml(r.object));
    if (yaml.find("${") == std::string::npos) continue;
    GITSYNC_ASSIGN_OR_RETURN(std::string replaced, substituteText(yaml, vars, subject));
    auto docs = core::parseYamlStream(replaced, subject + " (after substitution)");
    if (!docs.ok()) return docs.status();
    if (docs->size() != 1 || !(*docs)[0].isMap()) {
      return invalidArgument(subject + ": substitute: the result is not a single object");
    }
    r.object = std::move((*docs)[0]);
  }
  return set;
}

}  // namespace gitsync::render
