#pragma once
// Test helpers for the source stage: temp dirs, running git, and a real `git daemon` on
// 127.0.0.1 serving the repositories under a temp folder.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace gitsync::source::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gitsync-source-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `command` (a shell line) in `dir` and returns its stdout; throws when it fails.
inline std::string sh(const fs::path& dir, const std::string& command) {
  std::string full = "cd " + quote(dir.string()) +
                     " && GIT_CONFIG_NOSYSTEM=1 HOME=" + quote(dir.string()) +
                     " GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t"
                     " GIT_COMMITTER_EMAIL=t@example.com " + "sh -c " + quote(command) +
                     " 2>/dev/null";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) out.append(buf, n);
  int rc = ::pclose(pipe);
  if (rc != 0) throw std::runtime_error("command failed: " + command);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

inline void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

inline std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh non-bare repository at `dir` with branch main.
inline void initRepo(const fs::path& dir) {
  fs::create_directories(dir);
  sh(dir, "git init -q -b main . && git config user.name t && git config user.email t@example.com");
}

// Commits everything in `dir` and returns the new commit's hex.
inline std::string commitAll(const fs::path& dir, const std::string& message) {
  sh(dir, "git add -A && git commit -q --allow-empty -m " + quote(message));
  return sh(dir, "git rev-parse HEAD");
}

// A TCP port that was free a moment ago on 127.0.0.1.
inline int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

// `git daemon` serving every repository under `base` at git://127.0.0.1:<port>/<name>.
// Its --verbose log (one "Request upload-pack" line per clone/fetch/ls-remote) is in log().
class GitDaemon {
 public:
  explicit GitDaemon(const fs::path& base, const fs::path& logFile) : log_(logFile) {
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = freePort();
      pid_t pid = ::fork();
      if (pid == 0) {
        std::FILE* f = std::freopen(logFile.c_str(), "a", stderr);
        (void)f;
        std::string basePath = "--base-path=" + base.string();
        std::string port = "--port=" + std::to_string(port_);
        ::execlp("git", "git", "daemon", "--reuseaddr", "--export-all", "--verbose",
                 "--listen=127.0.0.1", basePath.c_str(), port.c_str(),
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
    if (pid_ <= 0) throw std::runtime_error("git daemon did not start");
  }
  ~GitDaemon() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }
  std::string log() const { return readFile(log_); }

 private:
  fs::path log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A loopback listener that never accepts, its backlog filled: a further connect gets no answer
// to its SYN (Linux drops it), like a host behind a firewall that drops packets.
class FullBacklog {
 public:
  FullBacklog() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(listener_, 0);
    socklen_t len = sizeof(addr);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    // Connect until one connection stays pending: from then on the queue is full.
    for (int i = 0; i < 16; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
      clients_.push_back(fd);
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 500) == 0) return;
    }
    throw std::runtime_error("the accept backlog did not fill up");
  }
  ~FullBacklog() {
    for (int fd : clients_) ::close(fd);
    ::close(listener_);
  }
  FullBacklog(const FullBacklog&) = delete;
  FullBacklog& operator=(const FullBacklog&) = delete;
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> clients_;
};

}  // namespace gitsync::source::testing
