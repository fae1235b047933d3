// Parsing one kubeconfig file into the Kubeconfig model.
#include <set>

#include "gitsync/core/base64.h"
#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"
#include "kubeconfig_model.h"

namespace gitsync::kube {

namespace {

constexpr size_t kMaxKubeconfigBytes = 4u << 20;

using core::Node;

class Parser {
 public:
  explicit Parser(const std::filesystem::path& file)
      : file_(file.string()), dir_(file.parent_path()) {}

  Status error(const std::string& where, const std::string& what) const {
    return invalidArgument("kubeconfig " + file_ + ": " + where + ": " + what);
  }

  Result<std::string> str(const Node& map, std::string_view key, const std::string& where) {
    const Node* v = map.get(key);
    if (v == nullptr || (v->isScalar() && v->isNull())) return std::string();
    if (!v->isScalar()) return error(where, std::string(key) + ": expected a string");
    return v->text();
  }

  Result<std::string> path(const Node& map, std::string_view key, const std::string& where) {
    GITSYNC_ASSIGN_OR_RETURN(std::string p, str(map, key, where));
    if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
    return (dir_ / p).lexically_normal().string();
  }

  Result<std::string> data(const Node& map, std::string_view key, const std::string& where) {
    GITSYNC_ASSIGN_OR_RETURN(std::string text, str(map, key, where));
    if (text.empty()) return text;
    auto decoded = core::decodeBase64(text);
    if (!decoded) return error(where, std::string(key) + ": invalid base64");
    return *decoded;
  }

  Result<bool> boolean(const Node& map, std::string_view key, const std::string& where) {
    const Node* v = map.get(key);
    if (v == nullptr || (v->isScalar() && v->isNull())) return false;
    if (v->isScalar()) {
      core::ResolvedScalar r = core::resolveScalar(*v);
      if (r.type == core::ScalarType::Bool) return r.boolean;
    }
    std::string got = v->isScalar() ? "\"" + v->text() + "\"" : "a non-scalar";
    return error(where, std::string(key) + ": expected true or false, got " + got);
  }

  // Calls parseEntry(name, body, where) for each {name, <field>: {...}} item of `list`.
  template <typename F>
  Status entries(const Node& top, std::string_view list, std::string_view field,
                 std::string_view label, F parseEntry) {
    const Node* items = top.get(list);
    if (items == nullptr || (items->isScalar() && items->isNull())) return okStatus();
    if (!items->isSeq()) return error(std::string(list), "expected a list");
    std::set<std::string> seen;
    for (size_t i = 0; i < items->items().size(); ++i) {
      const Node& item = items->items()[i];
      std::string index = std::string(list) + "[" + std::to_string(i) + "]";
      if (!item.isMap()) return error(index, "expected a map");
      GITSYNC_ASSIGN_OR_RETURN(std::string name, str(item, "name", index));
      if (name.empty()) return error(index, "missing name");
      if (!seen.insert(name).second) {
        return error(std::string(list), "duplicate name \"" + name + "\"");
      }
      std::string where = std::string(label) + " \"" + name + "\"";
      static const Node kEmpty = Node::map();
      const Node* body = item.get(field);
      if (body != nullptr && !(body->isScalar() && body->isNull()) && !body->isMap()) {
        return error(where, std::string(field) + ": expected a map");
      }
      GITSYNC_RETURN_IF_ERROR(parseEntry(name, body && body->isMap() ? *body : kEmpty, where));
    }
    return okStatus();
  }

  Status cluster(Kubeconfig& out, const std::string& name, const Node& b, const std::string& w) {
    KubeconfigCluster c;
    c.origin = file_;
    GITSYNC_ASSIGN_OR_RETURN(c.server, str(b, "server", w));
    GITSYNC_ASSIGN_OR_RETURN(c.caFile, path(b, "certificate-authority", w));
    GITSYNC_ASSIGN_OR_RETURN(c.caData, data(b, "certificate-authority-data", w));
    GITSYNC_ASSIGN_OR_RETURN(c.insecureSkipTlsVerify, boolean(b, "insecure-skip-tls-verify", w));
    GITSYNC_ASSIGN_OR_RETURN(c.tlsServerName, str(b, "tls-server-name", w));
    GITSYNC_ASSIGN_OR_RETURN(c.proxyUrl, str(b, "proxy-url", w));
    out.clusters.emplace(name, std::move(c));
    return okStatus();
  }

  Status user(Kubeconfig& out, const std::string& name, const Node& b, const std::string& w) {
    KubeconfigUser u;
    u.origin = file_;
    GITSYNC_ASSIGN_OR_RETURN(u.certFile, path(b, "client-certificate", w));
    GITSYNC_ASSIGN_OR_RETURN(u.certData, data(b, "client-certificate-data", w));
    GITSYNC_ASSIGN_OR_RETURN(u.keyFile, path(b, "client-key", w));
    GITSYNC_ASSIGN_OR_RETURN(u.keyData, data(b, "client-key-data", w));
    GITSYNC_ASSIGN_OR_RETURN(u.token, str(b, "token", w));
    GITSYNC_ASSIGN_OR_RETURN(u.tokenFile, path(b, "tokenFile", w));
    GITSYNC_ASSIGN_OR_RETURN(u.username, str(b, "username", w));
    GITSYNC_ASSIGN_OR_RETURN(u.password, str(b, "password", w));
    auto present = [&](std::string_view key) {
      const Node* v = b.get(key);
      return v != nullptr && !(v->isScalar() && v->isNull());
    };
    u.exec = present("exec");
    u.authProvider = present("auth-provider");
    GITSYNC_ASSIGN_OR_RETURN(u.as, str(b, "as", w));
    if (present("as-groups")) {
      const Node* groups = b.get("as-groups");
      if (!groups->isSeq()) return error(w, "as-groups: expected a list of strings");
      for (const Node& g : groups->items()) {
        if (!g.isScalar()) return error(w, "as-groups: expected a list of strings");
        u.asGroups.push_back(g.text());
      }
    }
    u.impersonateUnsupported = present("as-uid") || present("as-user-extra");
    out.users.emplace(name, std::move(u));
    return okStatus();
  }

  Status context(Kubeconfig& out, const std::string& name, const Node& b, const std::string& w) {
    KubeconfigContext c;
    c.origin = file_;
    GITSYNC_ASSIGN_OR_RETURN(c.cluster, str(b, "cluster", w));
    GITSYNC_ASSIGN_OR_RETURN(c.user, str(b, "user", w));
    GITSYNC_ASSIGN_OR_RETURN(c.ns, str(b, "namespace", w));
    out.contexts.emplace(name, std::move(c));
    return okStatus();
  }

  Result<Kubeconfig> parse(std::string_view text) {
    auto docs = core::parseYamlStream(text, file_);
    if (!docs.ok()) return Status(docs.status().code(), "kubeconfig " + docs.status().message());
    Kubeconfig out;
    out.files.push_back(file_);
    if (docs->empty()) return out;  // an empty file is an empty config, as for kubectl
    if (docs->size() > 1) return invalidArgument("kubeconfig " + file_ + ": more than one document");
    const Node& top = docs->front();
    if (!top.isMap()) return invalidArgument("kubeconfig " + file_ + ": expected a map at the top");
    GITSYNC_RETURN_IF_ERROR(entries(top, "clusters", "cluster", "cluster",
        [&](const std::string& n, const Node& b, const std::string& w) {
          return cluster(out, n, b, w);
        }));
    GITSYNC_RETURN_IF_ERROR(entries(top, "users", "user", "user",
        [&](const std::string& n, const Node& b, const std::string& w) {
          return user(out, n, b, w);
        }));
    GITSYNC_RETURN_IF_ERROR(entries(top, "contexts", "context", "context",
        [&](const std::string& n, const Node& b, const std::string& w) {
          return context(out, n, b, w);
        }));
    GITSYNC_ASSIGN_OR_RETURN(out.currentContext, str(top, "current-context", "current-context"));
    return out;
  }

 private:
  std::string file_;
  std::filesystem::path dir_;
};

}  // namespace

Result<Kubeconfig> parseKubeconfig(std::string_view text, const std::filesystem::path& file) {
  return Parser(file).parse(text);
}

Result<Kubeconfig> readKubeconfig(const std::filesystem::path& file) {
  auto text = core::readFileLimited(file, kMaxKubeconfigBytes);
  // readFileLimited's messages start with the path.
  if (!text.ok()) return Status(text.status().code(), "kubeconfig " + text.status().message());
  return parseKubeconfig(*text, file);
}

void mergeKubeconfig(Kubeconfig& into, Kubeconfig next) {
  // std::map::insert keeps the existing entry: the first file to set a key wins it whole.
  into.clusters.insert(std::make_move_iterator(next.clusters.begin()),
                       std::make_move_iterator(next.clusters.end()));
  into.users.insert(std::make_move_iterator(next.users.begin()),
                    std::make_move_iterator(next.users.end()));
  into.contexts.insert(std::make_move_iterator(next.contexts.begin()),
                       std::make_move_iterator(next.contexts.end()));
  if (into.currentContext.empty()) into.currentContext = std::move(next.currentContext);
  for (auto& f : next.files) into.files.push_back(std::move(f));
}

}  // namespace gitsync::kube
