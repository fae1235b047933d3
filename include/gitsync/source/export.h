#pragma once
// Writing a commit's tree to a folder, honouring .sourceignore files.
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "gitsync/core/status.h"

struct git_repository;
struct git_oid;

namespace gitsync::source {

// Patterns of one .sourceignore file (gitignore syntax, simplified): one pattern per line,
// `#` comments, blank lines skipped, `!` negates, a trailing `/` matches folders only, a `/`
// elsewhere anchors the pattern to the file's folder, `*` and `?` stay within a path segment,
// `**` crosses segments. The last matching pattern decides.
class IgnoreRules {
 public:
  // `base` is the folder of the .sourceignore file relative to the tree root ("" for the root).
  void add(const std::string& base, const std::string& fileText);
  // `path` is relative to the tree root, '/'-separated. Later-added files override earlier.
  bool ignored(const std::string& path, bool isDir) const;

  struct Rule {
    std::string base;  // "" or "dir/sub"
    bool negate = false;
    bool dirOnly = false;
    std::regex pattern;  // matched against the path relative to `base`
  };

 private:
  std::vector<Rule> rules_;
};

// Writes the tree of `commit` into `dir` (which must not exist), blobs straight from the object
// database. Regular files get 0644 or 0755 (the executable bit of the tree entry), symlinks are
// kept when their target stays inside `dir` (else FailedPrecondition
// "<path>: symlink target \"<target>\" leaves the tree"), submodules are skipped.
Status exportTree(git_repository* repo, const git_oid& commit, const std::filesystem::path& dir);

}  // namespace gitsync::source
