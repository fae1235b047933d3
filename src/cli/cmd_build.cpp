#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "sync_pipeline.h"
#include "gitsync/render/render.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct BuildOptions {
  std::string path;
  std::string output;
  std::string root;
  std::vector<std::string> substitutions;
};


int runBuild(const BuildOptions& o) {
  render::RenderOptions options;
  options.repoRoot = o.root.empty() ? repositoryRoot(o.path) : fs::path(o.root);
  if (Status s = parseSubstitutions(o.substitutions, options.variables); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 2;
  }
  options.substitute = !o.substitutions.empty();
  auto renderer = render::makeKustomizeRenderer(options);
  auto objects = renderer->render(o.path);
  if (!objects.ok()) {
    std::cerr << "error: " << objects.status().message() << "\n";
    return 1;
  }
  auto text = render::emitObjects(*objects);
  if (!text.ok()) {
    std::cerr << "error: " << text.status().message() << "\n";
    return 1;
  }
  if (o.output.empty()) {
    std::cout << *text;
    std::cout.flush();
    return std::cout ? 0 : 1;
  }
  std::ofstream f(o.output, std::ios::binary);
  f << *text;
  if (!f) {
    std::cerr << "error: cannot write '" << o.output << "'\n";
    return 1;
  }
  return 0;
}

}  // namespace

void addBuildCommand(CLI::App& app) {
  auto opts = std::make_shared<BuildOptions>();
  auto* cmd = app.add_subcommand(
      "build", "Render a kustomization (or a plain folder of YAML) exactly as kubectl kustomize");
  cmd->add_option("path", opts->path, "Folder to build")->required();
  cmd->add_option("-o,--output", opts->output, "Write the manifests to this file");
  cmd->add_option("--root", opts->root,
                  "Nothing outside this folder is read (default: the Git work tree of PATH; "
                  "outside Git, only kustomize's load restrictions apply)");
  cmd->add_option("--substitute", opts->substitutions,
                  "Post-build substitution KEY=VALUE for ${KEY} (repeatable), as Flux's postBuild");
  cmd->callback([opts] { setExitCode(runBuild(*opts)); });
}

}  // namespace gitsync::cli
