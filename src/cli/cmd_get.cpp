// gitsync get kustomizations|sources|receivers: the custom resources and their readiness, as a
// table like kubectl's and flux's.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "custom_resources.h"

namespace gitsync::cli {
namespace {

using kube::Json;
using Row = std::vector<std::string>;

struct GetOptions {
  std::string what;
  ClusterFlags cluster;
  bool allNamespaces = false;
};

ResourceKind kindOf(const std::string& what) {
  if (what == "kustomizations" || what == "kustomization" || what == "ks") {
    return ResourceKind::Kustomization;
  }
  if (what == "receivers" || what == "receiver") return ResourceKind::Receiver;
  return ResourceKind::GitRepository;
}

// One line of text per cell: a multi-line message would break the table.
std::string oneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// Columns left-aligned, three spaces apart, the last one not padded (kubectl's table).
void printTable(const std::vector<Row>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 3, ' ');
    }
    out << line << "\n";
  }
}

Row rowOf(ResourceKind kind, const Json& object, bool withNamespace) {
  Row row;
  if (withNamespace) row.push_back(stringAt(object, "/metadata/namespace"));
  row.push_back(stringAt(object, "/metadata/name"));
  if (kind == ResourceKind::GitRepository) row.push_back(stringAt(object, "/spec/url"));
  if (kind != ResourceKind::Receiver) {
    row.push_back(revisionOf(kind, object));
    row.push_back(isSuspended(object) ? "True" : "False");
  }
  ReadyView ready = readyOf(object);
  row.push_back(ready.status);
  row.push_back(oneLine(ready.message));
  return row;
}

Row headerOf(ResourceKind kind, bool withNamespace) {
  Row row;
  if (withNamespace) row.push_back("NAMESPACE");
  row.push_back("NAME");
  if (kind == ResourceKind::GitRepository) row.push_back("URL");
  if (kind != ResourceKind::Receiver) {
    row.push_back("REVISION");
    row.push_back("SUSPENDED");
  }
  row.push_back("READY");
  row.push_back("MESSAGE");
  return row;
}

int runGet(const GetOptions& o) {
  kube::SystemClock clock;
  auto client = connectOrReport(o.cluster, clock, std::cerr);
  if (!client) return 1;
  ResourceKind kind = kindOf(o.what);
  std::string ns = o.allNamespaces ? "" : namespaceOf(o.cluster, *client);
  kube::ListOptions list;
  list.ns = ns;
  auto objects = client->list(resourceGvk(kind), list);
  if (!objects.ok()) {
    std::cerr << "error: " << objects.status().message() << "\n";
    return 1;
  }
  if (objects->items.empty()) {
    std::cerr << (o.allNamespaces ? "No resources found\n"
                                  : "No resources found in " + ns + " namespace.\n");
    return 0;
  }
  std::vector<Json> items = std::move(objects->items);
  std::sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return std::pair(stringAt(a, "/metadata/namespace"), stringAt(a, "/metadata/name")) <
           std::pair(stringAt(b, "/metadata/namespace"), stringAt(b, "/metadata/name"));
  });
  std::vector<Row> rows{headerOf(kind, o.allNamespaces)};
  for (const Json& item : items) rows.push_back(rowOf(kind, item, o.allNamespaces));
  printTable(rows, std::cout);
  return 0;
}

}  // namespace

void addGetCommand(CLI::App& app) {
  auto o = std::make_shared<GetOptions>();
  auto* cmd = app.add_subcommand(
      "get", "List Kustomizations, GitRepositories (sources) or Receivers with their status");
  cmd->add_option("kind", o->what,
                  "kustomizations (ks), sources (gitrepositories) or receivers")
      ->required()
      ->check(CLI::IsMember({"kustomizations", "kustomization", "ks", "sources", "source",
                             "gitrepositories", "gitrepository", "receivers", "receiver"}));
  addClusterFlags(*cmd, o->cluster);
  cmd->add_flag("-A,--all-namespaces", o->allNamespaces, "List the objects of every namespace")
      ->excludes("--namespace");
  cmd->callback([o] { setExitCode(runGet(*o)); });
}

}  // namespace gitsync::cli
