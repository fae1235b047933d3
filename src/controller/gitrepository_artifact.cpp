#include "gitrepository_artifact.h"

#include <openssl/evp.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <vector>

#include "gitsync/core/digest.h"
#include "gitsync/source/export.h"
#include "kustomization_substitute.h"

namespace gitsync::controller {
namespace fs = std::filesystem;
namespace {

// Sets the SSH and CA fields when this build's source stage has them.
template <typename C>
void setTransportCredentials(C& c, const std::map<std::string, std::string>& data) {
  auto value = [&](const char* key) {
    auto it = data.find(key);
    return it == data.end() ? std::string() : it->second;
  };
  if constexpr (requires { c.sshPrivateKey; c.sshPassphrase; c.knownHosts; c.caCert; }) {
    c.sshPrivateKey = value("identity");
    if (!c.sshPrivateKey.empty()) c.sshPassphrase = value("password");
    c.knownHosts = value("known_hosts");
    c.caCert = value("ca.crt");
    if (c.caCert.empty()) c.caCert = value("caFile");
  }
}

struct Entry {
  std::string path;  // relative, '/'-separated
  fs::file_type type;
};

Result<std::vector<Entry>> entriesOf(const fs::path& dir) {
  std::vector<Entry> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    entries.push_back({it->path().lexically_relative(dir).generic_string(),
                       it->symlink_status(ec).type()});
  }
  if (ec) return internalError("artifact: " + dir.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.path < b.path; });
  return entries;
}

}  // namespace

Result<std::map<std::string, std::string>> readSecretData(kube::KubeClient& client,
                                                         const std::string& ns,
                                                         const std::string& name) {
  std::string subject = "secret '" + ns + "/" + name + "'";
  Result<Json> secret = client.get({{"", "v1", "Secret"}, ns, name});
  if (!secret.ok()) return secret.status().withPrefix(subject);
  std::map<std::string, std::string> data;
  auto it = secret->find("data");
  if (it == secret->end() || !it->is_object()) return data;
  for (const auto& [key, value] : it->items()) {
    if (!value.is_string()) continue;
    auto decoded = core::decodeBase64(value.get<std::string>(), kSecretData);
    if (!decoded) return invalidArgument(subject + ": data." + key + ": invalid base64");
    data[key] = *decoded;
  }
  return data;
}

source::FetchOptions::Credentials credentialsOf(const std::map<std::string, std::string>& data) {
  source::FetchOptions::Credentials c;
  auto value = [&](const char* key) {
    auto it = data.find(key);
    return it == data.end() ? std::string() : it->second;
  };
  if (data.count("identity") == 0) {
    c.username = value("username");
    c.password = value("password");
  }
  c.bearerToken = value("bearerToken");
  setTransportCredentials(c, data);
  return c;
}

Result<TreeDigest> digestTree(const fs::path& dir) {
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Entry> entries, entriesOf(dir));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  auto feed = [&](const std::string& s) { EVP_DigestUpdate(ctx.get(), s.data(), s.size()); };
  TreeDigest out;
  std::vector<char> buf(1 << 16);
  for (const Entry& e : entries) {
    fs::path p = dir / e.path;
    std::error_code ec;
    if (e.type == fs::file_type::directory) {
      feed("D " + e.path + '\0');
    } else if (e.type == fs::file_type::symlink) {
      feed("L " + e.path + '\0' + fs::read_symlink(p, ec).generic_string() + '\0');
    } else if (e.type == fs::file_type::regular) {
      auto perms = fs::status(p, ec).permissions();
      bool exec = (perms & fs::perms::owner_exec) != fs::perms::none;
      uintmax_t size = fs::file_size(p, ec);
      feed(std::string(exec ? "X " : "F ") + e.path + '\0' + std::to_string(size) + '\0');
      std::ifstream in(p, std::ios::binary);
      while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
      }
      out.size += static_cast<int64_t>(size);
    }
    if (ec) return internalError("artifact: " + p.string() + ": " + ec.message());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  out.digest =
      "sha256:" + core::hexLower(std::string_view(reinterpret_cast<const char*>(digest), len));
  return out;
}

Result<fs::path> applyIgnore(const fs::path& tree, const std::string& ignore,
                             const fs::path& cacheDir) {
  if (ignore.empty()) return tree;
  std::string key = tree.string() + '\0' + ignore;
  fs::path target = cacheDir / "ignored" / core::sha256Hex(key);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return target;
  fs::create_directories(target.parent_path(), ec);
  std::string tmpl = (target.string() + ".tmp-XXXXXX");
  if (ec || ::mkdtemp(tmpl.data()) == nullptr) {
    return internalError("ignore: cannot create a folder under " + target.parent_path().string());
  }
  fs::path staging = tmpl;
  source::IgnoreRules rules;
  rules.add("", ignore);
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Entry> entries, entriesOf(tree));
  std::vector<std::string> skipped;  // ignored folders: nothing below them is kept
  for (const Entry& e : entries) {
    bool below = std::any_of(skipped.begin(), skipped.end(), [&](const std::string& s) {
      return e.path.size() > s.size() && e.path.compare(0, s.size(), s) == 0 &&
             e.path[s.size()] == '/';
    });
    if (below) continue;
    bool isDir = e.type == fs::file_type::directory;
    if (rules.ignored(e.path, isDir)) {
      if (isDir) skipped.push_back(e.path);
      continue;
    }
    fs::path from = tree / e.path, to = staging / e.path;
    if (isDir) {
      fs::create_directories(to, ec);
    } else if (e.type == fs::file_type::symlink) {
      fs::copy_symlink(from, to, ec);
    } else {
      fs::create_hard_link(from, to, ec);
      if (ec) {
        ec.clear();
        fs::copy_file(from, to, ec);
      }
    }
    if (ec) {
      fs::remove_all(staging, ec);
      return internalError("ignore: " + e.path + ": cannot copy");
    }
  }
  fs::rename(staging, target, ec);
  if (ec) {  // made meanwhile by another reconcile
    fs::remove_all(staging, ec);
    if (!fs::is_directory(target)) return internalError("ignore: cannot create " + target.string());
  }
  return target;
}

}  // namespace gitsync::controller
