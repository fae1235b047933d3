#include "kustomization_build.h"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "gitsync/core/digest.h"
#include "gitsync/core/yaml.h"
#include "gitsync/kube/types.h"
#include "gitsync/render/render.h"

namespace gitsync::controller {
namespace fs = std::filesystem;
namespace {

constexpr const char* kKustomizationFiles[] = {"kustomization.yaml", "kustomization.yml",
                                               "Kustomization"};

// A JSON value (spec.patches, spec.images items) as a YAML node.
Result<core::Node> toNode(const Json& value, const std::string& field) {
  auto nodes = core::parseYamlStream(value.dump(), field);
  if (!nodes.ok() || nodes->size() != 1) {
    return invalidArgument(field + ": cannot be written into a kustomization");
  }
  return std::move((*nodes)[0]);
}

core::Node& seqAt(core::Node& doc, std::string_view key) {
  core::Node* existing = doc.get(key);
  if (existing == nullptr || !existing->isSeq()) return doc.set(key, core::Node::seq());
  return *existing;
}

// Removes the folder tree on destruction (the private copy of an artifact).
class ScratchCopy {
 public:
  ~ScratchCopy() {
    if (dir_.empty()) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Status make(const fs::path& scratchDir, const fs::path& artifactDir) {
    std::error_code ec;
    fs::create_directories(scratchDir, ec);
    std::string tmpl = (scratchDir / "build-XXXXXX").string();
    if (ec || ::mkdtemp(tmpl.data()) == nullptr) {
      return internalError("build: cannot create a folder under '" + scratchDir.string() + "'");
    }
    dir_ = tmpl;
    const auto options = fs::copy_options::recursive | fs::copy_options::copy_symlinks;
    fs::copy(artifactDir, tree(), options | fs::copy_options::create_hard_links, ec);
    if (ec) {  // another file system: copy the bytes
      fs::remove_all(tree(), ec);
      ec.clear();
      fs::copy(artifactDir, tree(), options, ec);
    }
    if (ec) return internalError("build: copy of the artifact: " + ec.message());
    return okStatus();
  }
  fs::path tree() const { return dir_ / "tree"; }

 private:
  fs::path dir_;
};

// Every *.yaml / *.yml file below `dir` outside hidden folders, sorted (the render stage's
// plain-folder rule).
std::vector<std::string> yamlFiles(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory() && it->path().filename().string().rfind('.', 0) == 0) {
      it.disable_recursion_pending();
      continue;
    }
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(it->path().lexically_relative(dir).string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Rewrites the kustomization of `dir` (a private copy) with the overrides of `spec`.
Status writeOverrides(const fs::path& dir, const fs::path& root, const KustomizationSpec& spec) {
  fs::path file;
  for (const char* name : kKustomizationFiles) {
    if (fs::is_regular_file(dir / name)) {
      file = dir / name;
      break;
    }
  }
  core::Node doc = core::Node::map();
  if (!file.empty()) {
    std::string display = file.lexically_relative(root).string();
    GITSYNC_ASSIGN_OR_RETURN(std::string text, core::readFileLimited(file, 32u << 20));
    GITSYNC_ASSIGN_OR_RETURN(std::vector<core::Node> docs, core::parseYamlStream(text, display));
    if (docs.size() == 1 && docs[0].isMap()) doc = std::move(docs[0]);
    else if (!docs.empty()) return invalidArgument(display + ": expected one mapping");
  } else {
    file = dir / "kustomization.yaml";
    doc.set("apiVersion", core::Node::scalar("kustomize.config.k8s.io/v1beta1"));
    doc.set("kind", core::Node::scalar("Kustomization"));
    core::Node& resources = doc.set("resources", core::Node::seq());
    for (std::string& f : yamlFiles(dir)) resources.push(core::Node::string(std::move(f)));
  }
  GITSYNC_RETURN_IF_ERROR(addOverrides(doc, spec));
  GITSYNC_ASSIGN_OR_RETURN(std::string out, core::emitKustomizeYaml(doc));
  std::error_code ec;
  fs::remove(file, ec);  // a hard link into the artifact: never write through it
  std::ofstream(file, std::ios::binary | std::ios::trunc) << out;
  if (!fs::is_regular_file(file)) {
    return internalError("build: cannot write '" + file.lexically_relative(root).string() + "'");
  }
  return okStatus();
}

}  // namespace

Result<fs::path> resolvePath(const fs::path& artifactDir, const std::string& path) {
  fs::path rel = fs::path(path).lexically_normal();
  if (rel.is_absolute() || (!rel.empty() && *rel.begin() == "..")) {
    return invalidArgument("spec.path \"" + path + "\" leaves the source artifact");
  }
  if (rel.empty() || rel == ".") return artifactDir;
  return (artifactDir / rel).lexically_normal();
}

bool hasOverrides(const KustomizationSpec& spec) {
  return !spec.targetNamespace.empty() || !spec.namePrefix.empty() || !spec.nameSuffix.empty() ||
         !spec.patches.empty() || !spec.images.empty() || !spec.components.empty();
}

Status addOverrides(core::Node& doc, const KustomizationSpec& spec) {
  if (!spec.targetNamespace.empty()) {
    doc.set("namespace", core::Node::string(spec.targetNamespace));
  }
  if (!spec.namePrefix.empty()) doc.set("namePrefix", core::Node::string(spec.namePrefix));
  if (!spec.nameSuffix.empty()) doc.set("nameSuffix", core::Node::string(spec.nameSuffix));
  if (!spec.patches.empty()) {
    core::Node& patches = seqAt(doc, "patches");
    for (const Json& p : spec.patches) {
      GITSYNC_ASSIGN_OR_RETURN(core::Node node, toNode(p, "spec.patches"));
      patches.push(std::move(node));
    }
  }
  if (!spec.images.empty()) {
    core::Node& images = seqAt(doc, "images");
    for (const Json& image : spec.images) {
      GITSYNC_ASSIGN_OR_RETURN(core::Node node, toNode(image, "spec.images"));
      std::string name(node.str({"name"}));
      auto same = std::find_if(images.items().begin(), images.items().end(),
                               [&](const core::Node& i) { return i.str({"name"}) == name; });
      if (same != images.items().end()) *same = std::move(node);
      else images.push(std::move(node));
    }
  }
  if (!spec.components.empty()) {
    core::Node& components = seqAt(doc, "components");
    for (const std::string& c : spec.components) components.push(core::Node::string(c));
  }
  return okStatus();
}

Result<Build> buildKustomization(const KustomizationSpec& spec, const BuildOptions& options) {
  GITSYNC_ASSIGN_OR_RETURN(fs::path dir, resolvePath(options.artifactDir, spec.path));
  render::RenderOptions renderOptions;
  renderOptions.repoRoot = options.artifactDir;
  renderOptions.substitute = options.substitute;
  renderOptions.variables = options.variables;
  ScratchCopy copy;
  if (hasOverrides(spec)) {
    GITSYNC_RETURN_IF_ERROR(copy.make(options.scratchDir, options.artifactDir));
    renderOptions.repoRoot = copy.tree();
    dir = copy.tree() / dir.lexically_relative(options.artifactDir);
    GITSYNC_RETURN_IF_ERROR(writeOverrides(dir, copy.tree(), spec));
  }
  GITSYNC_ASSIGN_OR_RETURN(render::ObjectSet objects,
                           render::makeKustomizeRenderer(renderOptions)->render(dir));
  GITSYNC_ASSIGN_OR_RETURN(std::string text, render::emitObjects(objects));
  return Build{std::move(objects), "sha256:" + core::sha256Hex(text)};
}

}  // namespace gitsync::controller
