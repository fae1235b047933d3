#include <system_error>

#include "gitsync/render/context.h"

namespace gitsync::render {
namespace fs = std::filesystem;
namespace {

fs::path canonicalOrSelf(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

// True when `p` is `root` or below it (both canonical).
bool within(const fs::path& p, const fs::path& root) {
  auto rel = p.lexically_relative(root);
  if (rel.empty()) return false;
  auto first = *rel.begin();
  return first != "..";
}

}  // namespace

FileLoader::FileLoader(fs::path repoRoot, fs::path dir)
    : repoRoot_(canonicalOrSelf(repoRoot)), dir_(canonicalOrSelf(dir)) {}

std::string FileLoader::display(const fs::path& p) const {
  fs::path rel = p.lexically_relative(repoRoot_);
  if (rel.empty() || *rel.begin() == "..") return p.string();
  return rel.string();
}

Result<fs::path> FileLoader::resolve(std::string_view rel) const {
  if (rel.empty()) return invalidArgument("empty file path");
  fs::path joined = fs::path(rel).is_absolute() ? fs::path(rel) : dir_ / fs::path(rel);
  fs::path real = canonicalOrSelf(joined);
  if (!within(real, repoRoot_)) {
    return invalidArgument("security; file '" + std::string(rel) +
                           "' resolves outside the repository root");
  }
  if (!within(real, dir_)) {
    return invalidArgument("security; file '" + display(real) + "' is not in or below '" +
                           display(dir_) + "'");
  }
  return real;
}

Result<fs::path> FileLoader::resolveDir(std::string_view rel) const {
  if (rel.empty()) return invalidArgument("empty folder path");
  fs::path joined = fs::path(rel).is_absolute() ? fs::path(rel) : dir_ / fs::path(rel);
  fs::path real = canonicalOrSelf(joined);
  if (!within(real, repoRoot_)) {
    return invalidArgument("security; folder '" + std::string(rel) +
                           "' resolves outside the repository root");
  }
  std::error_code ec;
  if (!fs::is_directory(real, ec)) {
    return notFound("'" + std::string(rel) + "' must be a folder (" + display(real) +
                    " is not a folder)");
  }
  if (within(dir_, real)) {
    return invalidArgument("cycle detected: '" + display(real) + "' contains '" + display(dir_) +
                           "'");
  }
  return real;
}

Result<std::string> FileLoader::read(std::string_view rel) const {
  GITSYNC_ASSIGN_OR_RETURN(fs::path real, resolve(rel));
  std::error_code ec;
  if (!fs::exists(real, ec)) return notFound("file '" + display(real) + "' not found");
  if (fs::is_directory(real, ec)) return invalidArgument("'" + display(real) + "' is a folder");
  return core::readFileLimited(real, core::YamlLimits{}.maxFileBytes);
}

Result<std::vector<core::Node>> FileLoader::readYaml(std::string_view rel) const {
  GITSYNC_ASSIGN_OR_RETURN(fs::path real, resolve(rel));
  GITSYNC_ASSIGN_OR_RETURN(std::string text, read(rel));
  return core::parseYamlStream(text, display(real));
}

}  // namespace gitsync::render
