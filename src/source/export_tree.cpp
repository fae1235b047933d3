// Writes a commit's tree to a folder straight from the object database (no checkout, no index).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

#include "git_util.h"
#include "gitsync/source/export.h"

namespace gitsync::source {
namespace {

namespace fs = std::filesystem;
using namespace detail;

struct Exporter {
  git_repository* repo;
  fs::path root;
  IgnoreRules rules;
  std::vector<std::pair<std::string, std::string>> symlinks;  // relative path, target

  Status fail(const std::string& path, int rc, const std::string& what) {
    return internalError(path + ": " + what + ": " + lastGitError(rc));
  }

  Result<std::string> readBlob(const git_oid& id, const std::string& path) {
    git_blob* raw = nullptr;
    if (int rc = git_blob_lookup(&raw, repo, &id); rc < 0) return fail(path, rc, "read blob");
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<size_t>(git_blob_rawsize(blob.get())));
  }

  Status writeFile(const std::string& rel, const std::string& content, bool executable) {
    fs::path target = root / rel;
    int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                    executable ? 0755 : 0644);
    if (fd < 0) return internalError(rel + ": create: " + std::strerror(errno));
    size_t done = 0;
    while (done < content.size()) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        return internalError(rel + ": write: " + std::strerror(err));
      }
      done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) return internalError(rel + ": close: " + std::strerror(errno));
    // The umask may have removed bits; the tree's mode is what counts.
    if (::chmod(target.c_str(), executable ? 0755 : 0644) != 0) {
      return internalError(rel + ": chmod: " + std::strerror(errno));
    }
    return okStatus();
  }

  Status walk(const git_tree* tree, const std::string& dirRel) {
    const git_tree_entry* ignoreFile = git_tree_entry_byname(tree, ".sourceignore");
    if (ignoreFile != nullptr && git_tree_entry_type(ignoreFile) == GIT_OBJECT_BLOB) {
      std::string path = dirRel.empty() ? ".sourceignore" : dirRel + "/.sourceignore";
      GITSYNC_ASSIGN_OR_RETURN(std::string text, readBlob(*git_tree_entry_id(ignoreFile), path));
      rules.add(dirRel, text);
    }
    for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      std::string name = git_tree_entry_name(entry);
      std::string rel = dirRel.empty() ? name : dirRel + "/" + name;
      if (name.empty() || name == "." || name == ".." || name == ".git" ||
          name.find('/') != std::string::npos) {
        return failedPrecondition(rel + ": unsafe path in the tree");
      }
      git_filemode_t mode = git_tree_entry_filemode(entry);
      if (mode == GIT_FILEMODE_COMMIT) continue;  // submodules are not fetched
      bool isDir = mode == GIT_FILEMODE_TREE;
      if (rules.ignored(rel, isDir)) continue;
      if (isDir) {
        std::error_code ec;
        fs::create_directory(root / rel, ec);
        if (ec) return internalError(rel + ": mkdir: " + ec.message());
        git_tree* raw = nullptr;
        if (int rc = git_tree_lookup(&raw, repo, git_tree_entry_id(entry)); rc < 0) {
          return fail(rel, rc, "read tree");
        }
        TreePtr sub(raw);
        GITSYNC_RETURN_IF_ERROR(walk(sub.get(), rel));
        continue;
      }
      GITSYNC_ASSIGN_OR_RETURN(std::string content, readBlob(*git_tree_entry_id(entry), rel));
      if (mode == GIT_FILEMODE_LINK) {
        GITSYNC_RETURN_IF_ERROR(writeLink(rel, dirRel, content));
      } else {
        GITSYNC_RETURN_IF_ERROR(writeFile(rel, content, mode == GIT_FILEMODE_BLOB_EXECUTABLE));
      }
    }
    return okStatus();
  }

  Status writeLink(const std::string& rel, const std::string& dirRel, const std::string& target) {
    Status leaves = failedPrecondition(rel + ": symlink target \"" + target + "\" leaves the tree");
    if (target.empty() || target[0] == '/') return leaves;
    fs::path resolved = (fs::path(dirRel) / target).lexically_normal();
    if (!resolved.empty() && *resolved.begin() == "..") return leaves;
    std::error_code ec;
    fs::create_symlink(target, root / rel, ec);
    if (ec) return internalError(rel + ": symlink: " + ec.message());
    symlinks.emplace_back(rel, target);
    return okStatus();
  }

  // The lexical check misses links through other links ("self -> ." then "x -> self/../y"):
  // once the whole tree is written, resolve every link component by component, following
  // links on disk, and fail when the walk climbs above the root.
  bool staysInside(const std::string& rel) {
    std::vector<std::string> pending;  // components still to walk, last = next
    for (const auto& part : fs::path(rel)) pending.insert(pending.begin(), part.string());
    std::vector<std::string> current;  // resolved components below the root
    int expansions = 0;
    while (!pending.empty()) {
      std::string part = pending.back();
      pending.pop_back();
      if (part == "." || part.empty()) continue;
      if (part == "..") {
        if (current.empty()) return false;
        current.pop_back();
        continue;
      }
      current.push_back(part);
      fs::path onDisk = root;
      for (const auto& c : current) onDisk /= c;
      std::error_code ec;
      if (!fs::is_symlink(onDisk, ec)) continue;
      if (++expansions > 40) return false;  // a loop
      fs::path target = fs::read_symlink(onDisk, ec);
      if (ec || target.is_absolute()) return false;
      current.pop_back();
      std::vector<std::string> parts;
      for (const auto& t : target) parts.push_back(t.string());
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
    }
    return true;
  }

  Status checkLinks() {
    for (const auto& [rel, target] : symlinks) {
      if (!staysInside(rel)) {
        return failedPrecondition(rel + ": symlink target \"" + target + "\" leaves the tree");
      }
    }
    return okStatus();
  }
};

}  // namespace

Status exportTree(git_repository* repo, const git_oid& commitId, const fs::path& dir) {
  git_commit* rawCommit = nullptr;
  if (int rc = git_commit_lookup(&rawCommit, repo, &commitId); rc < 0) {
    return internalError(oidHex(commitId) + ": read commit: " + lastGitError(rc));
  }
  CommitPtr commit(rawCommit);
  git_tree* rawTree = nullptr;
  if (int rc = git_commit_tree(&rawTree, commit.get()); rc < 0) {
    return internalError(oidHex(commitId) + ": read tree: " + lastGitError(rc));
  }
  TreePtr tree(rawTree);
  std::error_code ec;
  if (!fs::create_directories(dir, ec) || ec) {
    return internalError(dir.filename().string() + ": mkdir: " +
                         (ec ? ec.message() : std::string("already exists")));
  }
  Exporter exporter{repo, dir, {}, {}};
  GITSYNC_RETURN_IF_ERROR(exporter.walk(tree.get(), ""));
  return exporter.checkLinks();
}

}  // namespace gitsync::source
