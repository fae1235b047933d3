#pragma once
// A smart-HTTP git server for tests: a loopback HTTP/1.1 listener (port 0) that runs the real
// `git http-backend` CGI for every request, one request per connection (Connection: close).
// When `basicAuth` is set ("user:password"), requests without that Basic credential get
// 401 + WWW-Authenticate, like a real server in front of a private repository.
#include "../../loopback_listener.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>

namespace gitsync::source::testing {

class GitHttpServer {
 public:
  GitHttpServer(std::filesystem::path projectRoot, std::optional<std::string> basicAuthBase64)
      : root_(std::move(projectRoot)), auth_(std::move(basicAuthBase64)) {
    auto listener = gitsync::testing::listenOnLoopback(16);
    listener_ = listener.fd;
    port_ = listener.port;
    thread_ = std::thread([this] { run(); });
  }
  ~GitHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  GitHttpServer(const GitHttpServer&) = delete;
  GitHttpServer& operator=(const GitHttpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }
  // Requests whose path ends in /git-upload-pack (object downloads, not reference listings).
  int uploadPackPosts() const { return uploadPackPosts_; }

 private:
  struct Request {
    std::string method, path, query;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
  };

  static bool readRequest(int fd, Request& req) {
    std::string data;
    char buf[65536];
    size_t headerEnd;
    while ((headerEnd = data.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n <= 0) return false;
      data.append(buf, static_cast<size_t>(n));
    }
    std::string head = data.substr(0, headerEnd);
    std::string rest = data.substr(headerEnd + 4);
    size_t lineEnd = head.find("\r\n");
    std::string requestLine = head.substr(0, lineEnd);
    size_t sp1 = requestLine.find(' '), sp2 = requestLine.rfind(' ');
    req.method = requestLine.substr(0, sp1);
    std::string target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
    while (pos < head.size()) {
      size_t end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(pos, end - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = line.find_first_not_of(' ', colon + 1);
      req.headers[name] = v == std::string::npos ? "" : line.substr(v);
      pos = end + 2;
    }
    auto more = [&]() {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n <= 0) return false;
      rest.append(buf, static_cast<size_t>(n));
      return true;
    };
    if (req.headers.count("content-length")) {
      size_t want = std::stoul(req.headers["content-length"]);
      while (rest.size() < want) {
        if (!more()) return false;
      }
      req.body = rest.substr(0, want);
    } else if (req.headers["transfer-encoding"] == "chunked") {
      size_t p = 0;
      for (;;) {
        size_t eol;
        while ((eol = rest.find("\r\n", p)) == std::string::npos) {
          if (!more()) return false;
        }
        size_t size = std::stoul(rest.substr(p, eol - p), nullptr, 16);
        while (rest.size() < eol + 2 + size + 2) {
          if (!more()) return false;
        }
        req.body += rest.substr(eol + 2, size);
        p = eol + 2 + size + 2;
        if (size == 0) break;
      }
    }
    return true;
  }

  // Runs `git http-backend` for `req` and returns its raw CGI output.
  std::string runCgi(const Request& req) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return "";
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::setenv("GIT_PROJECT_ROOT", root_.c_str(), 1);
      ::setenv("GIT_HTTP_EXPORT_ALL", "1", 1);
      ::setenv("REQUEST_METHOD", req.method.c_str(), 1);
      ::setenv("PATH_INFO", req.path.c_str(), 1);
      ::setenv("QUERY_STRING", req.query.c_str(), 1);
      ::setenv("CONTENT_LENGTH", std::to_string(req.body.size()).c_str(), 1);
      auto header = [&](const char* name, const char* env) {
        auto it = req.headers.find(name);
        if (it != req.headers.end()) ::setenv(env, it->second.c_str(), 1);
      };
      header("content-type", "CONTENT_TYPE");
      header("content-encoding", "HTTP_CONTENT_ENCODING");
      header("git-protocol", "GIT_PROTOCOL");
      ::execlp("git", "git", "http-backend", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    std::thread writer([&] {
      size_t done = 0;
      while (done < req.body.size()) {
        ssize_t n = ::write(in[1], req.body.data() + done, req.body.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      ::close(in[1]);
    });
    std::string output;
    char buf[65536];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof(buf))) > 0;) {
      output.append(buf, static_cast<size_t>(n));
    }
    writer.join();
    ::close(out[0]);
    ::waitpid(pid, nullptr, 0);
    return output;
  }

  static void send(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

  void serve(int fd) {
    Request req;
    if (!readRequest(fd, req)) return;
    // auth_ is a Basic credential in base64, or a whole "Bearer <token>" header value.
    std::string expected = auth_ && auth_->rfind("Bearer ", 0) == 0 ? *auth_ : "Basic " + auth_.value_or("");
    if (auth_ && req.headers["authorization"] != expected) {
      send(fd, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\n"
               "Content-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    if (req.method == "POST" && req.path.size() >= 16 &&
        req.path.compare(req.path.size() - 16, 16, "/git-upload-pack") == 0) {
      ++uploadPackPosts_;
    }
    std::string cgi = runCgi(req);
    size_t split = cgi.find("\r\n\r\n");
    size_t skip = 4;
    if (split == std::string::npos) {
      split = cgi.find("\n\n");
      skip = 2;
    }
    std::string headers = split == std::string::npos ? "" : cgi.substr(0, split);
    std::string body = split == std::string::npos ? cgi : cgi.substr(split + skip);
    std::string status = "200 OK";
    std::string outHeaders;
    size_t pos = 0;
    while (pos < headers.size()) {
      size_t end = headers.find('\n', pos);
      if (end == std::string::npos) end = headers.size();
      std::string line = headers.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("Status:", 0) == 0) {
        status = line.substr(line.find_first_not_of(' ', 7));
      } else if (!line.empty()) {
        outHeaders += line + "\r\n";
      }
      pos = end + 1;
    }
    send(fd, "HTTP/1.1 " + status + "\r\n" + outHeaders + "Content-Length: " +
                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  }

  void run() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      serve(fd);
      ::shutdown(fd, SHUT_WR);
      ::close(fd);
    }
  }

  std::filesystem::path root_;
  std::optional<std::string> auth_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> uploadPackPosts_{0};
  std::thread thread_;
};

}  // namespace gitsync::source::testing
