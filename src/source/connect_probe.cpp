#include "connect_probe.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gitsync::source::detail {
namespace {

using Clock = std::chrono::steady_clock;

struct Lookup {
  std::mutex mu;
  std::condition_variable done;
  bool finished = false;
  int rc = 0;
  std::vector<sockaddr_storage> addresses;
  std::vector<socklen_t> lengths;
};

// getaddrinfo on a detached thread; the shared state outlives a caller that gave up.
std::shared_ptr<Lookup> startLookup(const std::string& host, int port) {
  auto lookup = std::make_shared<Lookup>();
  std::thread([lookup, host, port] {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
    std::lock_guard<std::mutex> lock(lookup->mu);
    lookup->rc = rc;
    for (addrinfo* a = list; rc == 0 && a != nullptr; a = a->ai_next) {
      sockaddr_storage s{};
      std::memcpy(&s, a->ai_addr, a->ai_addrlen);
      lookup->addresses.push_back(s);
      lookup->lengths.push_back(a->ai_addrlen);
    }
    if (list != nullptr) ::freeaddrinfo(list);
    lookup->finished = true;
    lookup->done.notify_all();
  }).detach();
  return lookup;
}

constexpr int kLate = -1;

// 0 when connected, kLate at the deadline, else the connect error (errno).
int connectOnce(const sockaddr_storage& addr, socklen_t len, Clock::time_point deadline) {
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  int err = 0;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len) != 0) {
    err = errno;
    while (err == EINPROGRESS || err == EINTR) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        err = kLate;
        break;
      }
      pollfd p{fd, POLLOUT, 0};
      int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 1000)));
      if (n < 0 && errno != EINTR) {
        err = errno;
        break;
      }
      if (n > 0) {
        socklen_t l = sizeof(err);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l);
        break;
      }
    }
  }
  ::close(fd);
  return err;
}

}  // namespace

Status probeConnect(const std::string& host, int port, Clock::time_point deadline,
                    std::chrono::seconds limit) {
  const std::string where = host + ":" + std::to_string(port);
  Status late(Code::DeadlineExceeded, "no TCP connection to " + where + " within " +
                                          std::to_string(limit.count()) + "s");
  std::shared_ptr<Lookup> lookup = startLookup(host, port);
  std::vector<sockaddr_storage> addresses;
  std::vector<socklen_t> lengths;
  {
    std::unique_lock<std::mutex> lock(lookup->mu);
    if (!lookup->done.wait_until(lock, deadline, [&] { return lookup->finished; })) return late;
    if (lookup->rc != 0) {
      return unavailable("cannot resolve " + host + ": " + ::gai_strerror(lookup->rc));
    }
    addresses = lookup->addresses;
    lengths = lookup->lengths;
  }
  int err = ENOENT;
  for (size_t i = 0; i < addresses.size(); ++i) {
    err = connectOnce(addresses[i], lengths[i], deadline);
    if (err == 0) return okStatus();
    if (err == kLate) return late;
  }
  return unavailable("failed to connect to " + where + ": " + std::strerror(err));
}

}  // namespace gitsync::source::detail
