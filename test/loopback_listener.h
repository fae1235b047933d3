#pragma once
// A TCP listener on 127.0.0.1 at a free port, for the loopback servers the tests start.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gitsync::testing {

struct LoopbackListener {
  int fd = -1;
  int port = 0;
};

// Throws std::runtime_error when the socket cannot be bound or listened on.
inline LoopbackListener listenOnLoopback(int backlog) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(fd, backlog) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::string error = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("listenOnLoopback: " + error);
  }
  return {fd, ntohs(addr.sin_port)};
}

}  // namespace gitsync::testing
