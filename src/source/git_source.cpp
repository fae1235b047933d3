// GitSource: bare clone per url in the cache, ls-remote before fetching, tree export per commit.
#include <unistd.h>

#include <cctype>
#include <optional>
#include <system_error>
#include <vector>

#include "connect_probe.h"
#include "fetch_callbacks.h"
#include "git_util.h"
#include "known_hosts.h"
#include "remote_url.h"
#include "ssh_key.h"
#include "tls_verify.h"
#include "gitsync/source/export.h"
#include "gitsync/source/semver.h"
#include "gitsync/source/source.h"

namespace gitsync::source {
namespace {

namespace fs = std::filesystem;
using namespace detail;
using Clock = std::chrono::steady_clock;

bool isHex40(const std::string& s) {
  if (s.size() != GIT_OID_HEXSZ) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// What the GitRef asks for, after reading the remote's reference listing.
struct Wanted {
  std::string label;                 // the revision prefix: branch, tag or name; "" for commit
  git_oid commit;                    // from the listing or the GitRef
  std::vector<std::string> refspecs;  // what to fetch when the commit is missing
  // For a tag or semver reference, the tag reference the cache must hold at the remote's value
  // (an annotated tag's object is what signature verification reads); "" otherwise.
  std::string tagRef;
  git_oid tagTarget{};
};

const git_remote_head* findHead(const git_remote_head** heads, size_t n, const std::string& name) {
  for (size_t i = 0; i < n; ++i) {
    if (name == heads[i]->name) return heads[i];
  }
  return nullptr;
}

// A tag's commit: the peeled entry ("refs/tags/v1^{}") for annotated tags, else the tag itself.
const git_remote_head* findTag(const git_remote_head** heads, size_t n, const std::string& tag) {
  if (auto* peeled = findHead(heads, n, "refs/tags/" + tag + "^{}")) return peeled;
  return findHead(heads, n, "refs/tags/" + tag);
}

class Fetcher {
 public:
  Fetcher(const std::string& url, const GitRef& ref, const FetchOptions& options,
          std::uint64_t& downloads)
      : url_(url), ref_(ref), options_(options), downloads_(downloads), prefix_(url + ": source") {}

  Result<Artifact> run() {
    if (options_.cacheDir.empty()) {
      return invalidArgument(prefix_ + ": FetchOptions.cacheDir is empty");
    }
    if (!ref_.commit.empty() && !isHex40(ref_.commit)) {
      return invalidArgument(prefix_ + ": commit \"" + ref_.commit + "\" is not 40 hex digits");
    }
    std::optional<Constraint> constraint;
    if (ref_.commit.empty() && ref_.name.empty() && !ref_.semver.empty()) {
      Result<Constraint> c = Constraint::parse(ref_.semver);
      if (!c.ok()) return c.status().withPrefix(prefix_);
      constraint = *c;
    }
    GITSYNC_RETURN_IF_ERROR(checkCredentials());
    ensureLibgit2();
    state_.deadline = Clock::now() + options_.timeout;
    state_.credentials = &options_.credentials;
    if (!options_.credentials.bearerToken.empty()) {
      authHeader_ = "Authorization: Bearer " + options_.credentials.bearerToken;
      headerPtrs_[0] = authHeader_.data();
      headers_.strings = headerPtrs_;
      headers_.count = 1;
    }
    const std::string key = sha256Hex(url_);
    GITSYNC_RETURN_IF_ERROR(openCache(options_.cacheDir / key));

    Wanted wanted;
    if (!ref_.commit.empty()) {
      git_oid id;
      git_oid_fromstr(&id, ref_.commit.c_str());
      wanted.commit = id;
      wanted.refspecs = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
      if (!hasCommit(id)) GITSYNC_RETURN_IF_ERROR(connect());
    } else {
      GITSYNC_RETURN_IF_ERROR(connect());
      GITSYNC_ASSIGN_OR_RETURN(wanted, resolveRemote(constraint));
    }
    if (!hasCommit(wanted.commit) || !hasTagRef(wanted)) {
      GITSYNC_RETURN_IF_ERROR(download(wanted.refspecs));
    }
    const git_oid commitId = wanted.commit;
    const std::string hex = oidHex(commitId);
    if (!hasCommit(commitId)) {
      if (!ref_.commit.empty()) return notFound(prefix_ + ": commit " + hex + " not found");
      return internalError(prefix_ + ": commit " + hex + " missing after fetch");
    }

    Artifact artifact;
    artifact.commit = hex;
    artifact.revision = wanted.label.empty() ? "sha1:" + hex : wanted.label + "@sha1:" + hex;
    const std::string lastRef = "refs/gitsync/last/" + sha256Hex(refKey()).substr(0, 16);
    git_oid previous;
    artifact.changed = git_reference_name_to_id(&previous, repo_.get(), lastRef.c_str()) != 0 ||
                       !git_oid_equal(&previous, &commitId);
    artifact.dir = options_.cacheDir / (key + ".trees") / hex;
    artifact.receivedBytes = receivedBytes_;
    GITSYNC_RETURN_IF_ERROR(exportOnce(commitId, artifact.dir));
    git_reference* raw = nullptr;
    if (int rc = git_reference_create(&raw, repo_.get(), lastRef.c_str(), &commitId, 1,
                                      "gitsync fetch");
        rc < 0) {
      return gitStatus(rc, prefix_, "record fetched commit");
    }
    RefPtr keep(raw);
    return artifact;
  }

 private:
  Status openCache(const fs::path& dir) {
    git_repository* raw = nullptr;
    int rc = git_repository_open_bare(&raw, dir.c_str());
    if (rc < 0) {
      std::error_code ec;
      fs::remove_all(dir, ec);  // absent or unusable: start over
      rc = git_repository_init(&raw, dir.c_str(), /*is_bare=*/1);
    }
    if (rc < 0) return gitStatus(rc, prefix_, "open cache repository");
    repo_.reset(raw);
    git_remote* remote = nullptr;
    if (int rc2 = git_remote_create_anonymous(&remote, repo_.get(), url_.c_str()); rc2 < 0) {
      return gitStatus(rc2, prefix_, "remote");
    }
    remote_.reset(remote);
    return okStatus();
  }

  // What can be told before any connection: SSH needs known_hosts (as in Flux), keys and CAs
  // must parse. Messages never quote a secret.
  Status checkCredentials() {
    const FetchOptions::Credentials& c = options_.credentials;
    state_.endpoint = parseRemoteUrl(url_);
    const bool ssh = state_.endpoint && state_.endpoint->scheme == "ssh";
    if (ssh && c.knownHosts.empty()) {
      return failedPrecondition(prefix_ + ": known_hosts: required for SSH (none given)");
    }
    if (ssh && countKnownHosts(c.knownHosts) == 0) {
      return invalidArgument(prefix_ + ": known_hosts: no valid line (\"host key-type "
                                       "base64-key\")");
    }
    if (ssh && !c.sshPrivateKey.empty()) {
      Status key = checkPrivateKey(c.sshPrivateKey, c.sshPassphrase);
      if (!key.ok()) return key.withPrefix(prefix_);
    }
    if (!c.caCert.empty()) GITSYNC_RETURN_IF_ERROR(checkCaBundle(c.caCert).withPrefix(prefix_));
    return okStatus();
  }

  git_remote_callbacks callbacks() {
    git_remote_callbacks cb;
    setCallbacks(cb, state_);
    return cb;
  }

  Status transportError(int rc, const std::string& what) {
    if (state_.refusal) return state_.refusal->withPrefix(prefix_);
    if (state_.timedOut) {
      return Status(Code::DeadlineExceeded, prefix_ + ": " + what + ": no result within " +
                                                std::to_string(options_.timeout.count()) + "s");
    }
    const std::string message = lastGitError(rc);
    if (state_.sshKeyAttempts == 1 && !state_.authFailed &&
        message.rfind("Failed to authenticate SSH session", 0) == 0) {
      // libssh2 could not use the key itself (the server never saw it).
      return failedPrecondition(prefix_ + ": ssh key: not usable (wrong passphrase or "
                                          "unsupported key format)");
    }
    if (state_.authFailed || rc == GIT_ECERTIFICATE) {
      return failedPrecondition(prefix_ + ": " + what + ": " + message);
    }
    return gitStatus(rc, prefix_, what);
  }

  Status connect() {
    if (state_.endpoint) {
      Status reachable = probeConnect(state_.endpoint->host, state_.endpoint->port,
                                      state_.deadline, options_.timeout);
      if (!reachable.ok()) return reachable.withPrefix(prefix_ + ": connect");
    }
    git_remote_callbacks cb = callbacks();
    if (int rc = git_remote_connect(remote_.get(), GIT_DIRECTION_FETCH, &cb, nullptr, &headers_);
        rc < 0) {
      return transportError(rc, "connect");
    }
    return okStatus();
  }

  Result<Wanted> resolveRemote(const std::optional<Constraint>& constraint) {
    const git_remote_head** heads = nullptr;
    size_t n = 0;
    if (int rc = git_remote_ls(&heads, &n, remote_.get()); rc < 0) {
      return transportError(rc, "list references");
    }
    Wanted w;
    const git_remote_head* head = nullptr;
    if (!ref_.name.empty()) {
      w.label = ref_.name;
      head = findHead(heads, n, ref_.name + "^{}");
      if (head == nullptr) head = findHead(heads, n, ref_.name);
      if (head == nullptr) return notFound(prefix_ + ": reference \"" + ref_.name + "\" not found");
      w.refspecs = {"+" + ref_.name + ":" + ref_.name};
    } else if (constraint) {
      std::vector<std::string> tags;
      for (size_t i = 0; i < n; ++i) {
        std::string name = heads[i]->name;
        if (name.rfind("refs/tags/", 0) == 0 && name.find("^{}") == std::string::npos) {
          tags.push_back(name.substr(10));
        }
      }
      std::optional<std::string> best = highestMatching(*constraint, tags);
      if (!best) return notFound(prefix_ + ": no tag matches semver \"" + ref_.semver + "\"");
      w.label = *best;
      head = findTag(heads, n, *best);
      w.refspecs = {"+refs/tags/" + *best + ":refs/tags/" + *best};
    } else if (!ref_.tag.empty()) {
      w.label = ref_.tag;
      head = findTag(heads, n, ref_.tag);
      if (head == nullptr) return notFound(prefix_ + ": tag \"" + ref_.tag + "\" not found");
      w.refspecs = {"+refs/tags/" + ref_.tag + ":refs/tags/" + ref_.tag};
    } else {
      std::string branch = ref_.branch;
      if (branch.empty()) {
        git_buf buf = GIT_BUF_INIT;
        if (int rc = git_remote_default_branch(&buf, remote_.get()); rc < 0) {
          return gitStatus(rc, prefix_, "default branch");
        }
        std::string name(buf.ptr, buf.size);
        git_buf_dispose(&buf);
        branch = name.rfind("refs/heads/", 0) == 0 ? name.substr(11) : name;
      }
      w.label = branch;
      head = findHead(heads, n, "refs/heads/" + branch);
      if (head == nullptr) return notFound(prefix_ + ": branch \"" + branch + "\" not found");
      w.refspecs = {"+refs/heads/" + branch + ":refs/heads/" + branch};
    }
    w.commit = head->oid;
    if (ref_.name.empty() && w.refspecs[0].rfind("+refs/tags/", 0) == 0) {
      w.tagRef = "refs/tags/" + w.label;
      if (auto* t = findHead(heads, n, w.tagRef)) w.tagTarget = t->oid;
    }
    return w;
  }

  Status download(const std::vector<std::string>& refspecs) {
    std::vector<char*> specs;
    for (const std::string& s : refspecs) specs.push_back(const_cast<char*>(s.c_str()));
    git_strarray array{specs.data(), specs.size()};
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    fo.callbacks = callbacks();
    fo.custom_headers = headers_;
    fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    fo.prune = GIT_FETCH_NO_PRUNE;
    fo.update_fetchhead = 0;
    ++downloads_;
    if (int rc = git_remote_fetch(remote_.get(), &array, &fo, "gitsync fetch"); rc < 0) {
      return transportError(rc, "fetch");
    }
    receivedBytes_ += git_remote_stats(remote_.get())->received_bytes;
    return okStatus();
  }

  // True when `w` names no tag, or the cache's tag reference already has the remote's value.
  bool hasTagRef(const Wanted& w) {
    git_oid local;
    return w.tagRef.empty() ||
           (git_reference_name_to_id(&local, repo_.get(), w.tagRef.c_str()) == 0 &&
            git_oid_equal(&local, &w.tagTarget));
  }

  bool hasCommit(const git_oid& id) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_.get(), &id) != 0) return false;
    git_commit_free(c);
    return true;
  }

  std::string refKey() const {
    if (!ref_.commit.empty()) return "commit\n" + ref_.commit;
    if (!ref_.name.empty()) return "name\n" + ref_.name;
    if (!ref_.semver.empty()) return "semver\n" + ref_.semver;
    if (!ref_.tag.empty()) return "tag\n" + ref_.tag;
    return "branch\n" + ref_.branch;
  }

  // Exports into a temporary sibling and renames it into place, so a crash never leaves a
  // half-written tree under the final name.
  Status exportOnce(const git_oid& commit, const fs::path& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return okStatus();
    fs::create_directories(dir.parent_path(), ec);
    fs::path tmp = dir;
    tmp += ".tmp-" + std::to_string(::getpid());
    fs::remove_all(tmp, ec);
    Status st = exportTree(repo_.get(), commit, tmp);
    if (!st.ok()) {
      fs::remove_all(tmp, ec);
      return st.withPrefix(prefix_ + ": export " + oidHex(commit));
    }
    fs::rename(tmp, dir, ec);
    if (ec) {
      fs::remove_all(tmp, ec);
      if (!fs::is_directory(dir)) return internalError(prefix_ + ": export: " + ec.message());
    }
    return okStatus();
  }

  const std::string& url_;
  const GitRef& ref_;
  const FetchOptions& options_;
  std::uint64_t& downloads_;
  const std::string prefix_;
  CallbackState state_;
  // Extra HTTP headers (a bearer token); empty otherwise.
  std::string authHeader_;
  char* headerPtrs_[1] = {nullptr};
  git_strarray headers_{nullptr, 0};
  RepoPtr repo_;
  RemotePtr remote_;
  std::uint64_t receivedBytes_ = 0;
};

}  // namespace

Result<Artifact> GitSource::fetch(const std::string& url, const GitRef& ref,
                                  const FetchOptions& options) {
  return Fetcher(url, ref, options, downloads_).run();
}

std::unique_ptr<Source> makeGitSource() { return std::make_unique<GitSource>(); }

}  // namespace gitsync::source
