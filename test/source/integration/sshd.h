#pragma once
// A real OpenSSH sshd for tests, started on 127.0.0.1 (a free port) from a temp folder with
// its own host key, config and authorized_keys; git runs through it as the current user (root
// in CI, hence PermitRootLogin prohibit-password). Also: keys made with ssh-keygen.
#include <pwd.h>

#include <vector>

#include "../git_fixture.h"

namespace gitsync::source::testing {

// A new key pair at `path` (and `path`.pub): ed25519 unless `type` says otherwise.
inline void makeKey(const fs::path& path, const std::string& passphrase = "",
                    const std::string& type = "ed25519") {
  sh(path.parent_path(), "ssh-keygen -q -t " + type + " -N " + quote(passphrase) + " -C test -f " +
                             quote(path.string()));
}

// "type base64" of a public key file, without its comment.
inline std::string publicKey(const fs::path& pubFile) {
  std::istringstream in(readFile(pubFile));
  std::string type, key;
  in >> type >> key;
  return type + " " + key;
}

class Sshd {
 public:
  // `authorizedKeys`: the text of the authorized_keys file. `extraHostKeys`: key types
  // ("ecdsa", "rsa") of host keys the server has besides its Ed25519 key.
  Sshd(const fs::path& dir, const std::string& authorizedKeys,
       const std::vector<std::string>& extraHostKeys = {})
      : dir_(dir) {
    fs::create_directories(dir_);
    makeKey(dir_ / "host_ed25519");
    std::string hostKeys = "HostKey " + (dir_ / "host_ed25519").string() + "\n";
    for (const std::string& type : extraHostKeys) {
      makeKey(dir_ / ("host_" + type), "", type);
      hostKeys += "HostKey " + (dir_ / ("host_" + type)).string() + "\n";
    }
    writeFile(dir_ / "authorized_keys", authorizedKeys);
    std::error_code ec;
    fs::create_directories("/run/sshd", ec);  // the privilege separation folder sshd needs
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = freePort();
      writeFile(dir_ / "sshd_config",
                "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\n" + hostKeys +
                    "AuthorizedKeysFile " +
                    (dir_ / "authorized_keys").string() + "\nPidFile " +
                    (dir_ / "sshd.pid").string() +
                    "\nStrictModes no\nUsePAM no\nPermitRootLogin prohibit-password\n"
                    "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                    "PubkeyAuthentication yes\nLogLevel VERBOSE\n");
      pid_t pid = ::fork();
      if (pid == 0) {
        std::string config = (dir_ / "sshd_config").string();
        std::string log = (dir_ / "sshd.log").string();
        ::execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-f", config.c_str(), "-E", log.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
      }
      auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < until) {
        if (accepts(port_)) {
          pid_ = pid;
          break;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) break;  // exited: port taken, retry
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (pid_ <= 0) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
      }
    }
    if (pid_ <= 0) throw std::runtime_error("sshd did not start: " + log());
  }
  ~Sshd() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Sshd(const Sshd&) = delete;
  Sshd& operator=(const Sshd&) = delete;

  int port() const { return port_; }
  // ssh://<current user>@127.0.0.1:<port><absolute path of the repository>
  std::string url(const fs::path& repo, bool withUser = true) const {
    std::string user = withUser ? std::string(::getpwuid(::getuid())->pw_name) + "@" : "";
    return "ssh://" + user + "127.0.0.1:" + std::to_string(port_) + repo.string();
  }
  // A known_hosts line for this server: "[127.0.0.1]:<port> ssh-ed25519 AAAA...".
  std::string knownHostsLine() const {
    return "[127.0.0.1]:" + std::to_string(port_) + " " + publicKey(dir_ / "host_ed25519.pub");
  }
  std::string log() const { return readFile(dir_ / "sshd.log"); }

 private:
  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace gitsync::source::testing
