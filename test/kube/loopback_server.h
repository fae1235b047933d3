#pragma once
// A plain HTTP/1.1 server on 127.0.0.1 (port 0) for transport tests: keep-alive, one thread,
// answers from a handler. It checks what the libcurl transport does on the wire (retries,
// headers, connection reuse, timeouts); API semantics are tested against the real cluster.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gitsync::kube::testing {

struct LoopbackRequest {
  std::string method;
  std::string target;  // path and query
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct LoopbackResponse {
  int code = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // before answering
  bool closeWithoutAnswer = false;
};

class LoopbackServer {
 public:
  using Handler = std::function<LoopbackResponse(const LoopbackRequest&)>;

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(listener_, 16);
    socklen_t len = sizeof(addr);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  ~LoopbackServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }
  std::vector<LoopbackRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  bool waitReadable(int fd) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      int n = ::poll(&p, 1, 50);
      if (n > 0) return true;
      if (n < 0) return false;
    }
    return false;
  }

  void run() {
    while (waitReadable(listener_)) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      serve(fd);
      ::close(fd);
    }
  }

  // Serves requests on one connection until the client closes it.
  void serve(int fd) {
    std::string buffer;
    while (true) {
      size_t headerEnd;
      while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!readMore(fd, buffer)) return;
      }
      LoopbackRequest request;
      std::string head = buffer.substr(0, headerEnd);
      buffer.erase(0, headerEnd + 4);
      size_t lineEnd = head.find("\r\n");
      std::string first = head.substr(0, lineEnd);
      size_t sp1 = first.find(' ');
      size_t sp2 = first.find(' ', sp1 + 1);
      request.method = first.substr(0, sp1);
      request.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
      size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
      while (pos < head.size()) {
        size_t end = head.find("\r\n", pos);
        if (end == std::string::npos) end = head.size();
        std::string line = head.substr(pos, end - pos);
        size_t colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        request.headers[name] = value;
        pos = end + 2;
      }
      size_t length = 0;
      if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
        length = std::stoul(it->second);
      }
      while (buffer.size() < length) {
        if (!readMore(fd, buffer)) return;
      }
      request.body = buffer.substr(0, length);
      buffer.erase(0, length);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      LoopbackResponse response = handler_(request);
      if (response.delay.count() > 0) std::this_thread::sleep_for(response.delay);
      if (response.closeWithoutAnswer) return;
      std::string out = "HTTP/1.1 " + std::to_string(response.code) + " X\r\n";
      for (const auto& [k, v] : response.headers) out += k + ": " + v + "\r\n";
      out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
      out += response.body;
      if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) return;
    }
  }

  bool readMore(int fd, std::string& buffer) {
    if (!waitReadable(fd)) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<LoopbackRequest> requests_;
};

}  // namespace gitsync::kube::testing
