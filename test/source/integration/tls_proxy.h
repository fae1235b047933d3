#pragma once
// HTTPS for the git http-backend server of http_backend.h: a loopback TLS listener (port 0,
// OpenSSL) that terminates TLS with a given certificate and key and relays each connection to
// the plain HTTP server. Also: a CA and server certificates made with the `openssl` command.
#include "../../loopback_listener.h"
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../git_fixture.h"

namespace gitsync::source::testing {

// Makes `<name>.key` / `<name>.pem` in `dir`: a self-signed CA.
inline void makeCa(const fs::path& dir, const std::string& name) {
  sh(dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
          "-subj /CN=" + name + " -addext basicConstraints=critical,CA:TRUE "
          "-addext keyUsage=critical,keyCertSign,cRLSign -keyout " + name + ".key -out " + name +
          ".pem");
}

// Makes `<name>.key` / `<name>.pem` in `dir`: a server certificate signed by CA `ca` with the
// subjectAltName `san` ("IP:127.0.0.1", "DNS:git.example").
inline void makeServerCert(const fs::path& dir, const std::string& name, const std::string& ca,
                           const std::string& san) {
  writeFile(dir / (name + ".ext"),
            "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  sh(dir, "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" +
              name + " -keyout " + name + ".key -out " + name + ".csr && openssl x509 -req -in " +
              name + ".csr -CA " + ca + ".pem -CAkey " + ca + ".key -CAcreateserial -days 2 "
              "-extfile " + name + ".ext -out " + name + ".pem");
}

class TlsProxy {
 public:
  TlsProxy(const fs::path& certPem, const fs::path& keyPem, int backendPort)
      : backend_(backendPort) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(ctx_, certPem.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx_, keyPem.c_str(), SSL_FILETYPE_PEM) != 1) {
      throw std::runtime_error("TlsProxy: cannot load the certificate or key");
    }
    auto listener = gitsync::testing::listenOnLoopback(16);
    listener_ = listener.fd;
    port_ = listener.port;
    thread_ = std::thread([this] { run(); });
  }
  ~TlsProxy() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
    SSL_CTX_free(ctx_);
  }
  TlsProxy(const TlsProxy&) = delete;
  TlsProxy& operator=(const TlsProxy&) = delete;

  std::string url(const std::string& repo) const {
    return "https://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }
  // Connections whose TLS handshake completed.
  int handshakes() const { return handshakes_; }

 private:
  // Relays one connection until both sides are done (the backend closes after each response).
  void relay(SSL* ssl, int client) {
    int up = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(backend_));
    if (::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(up);
      return;
    }
    char buf[65536];
    bool clientOpen = true;
    for (;;) {
      // Bytes already decrypted inside OpenSSL do not show on the socket.
      if (clientOpen && SSL_pending(ssl) == 0) {
        pollfd p[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
        if (::poll(p, 2, 10000) <= 0) break;
        if ((p[1].revents & (POLLIN | POLLHUP)) != 0) {
          ssize_t n = ::read(up, buf, sizeof(buf));
          if (n <= 0) break;
          if (SSL_write(ssl, buf, static_cast<int>(n)) <= 0) break;
          continue;
        }
        if ((p[0].revents & (POLLIN | POLLHUP)) == 0) continue;
      } else if (!clientOpen) {
        ssize_t n = ::read(up, buf, sizeof(buf));
        if (n <= 0) break;
        if (SSL_write(ssl, buf, static_cast<int>(n)) <= 0) break;
        continue;
      }
      int n = SSL_read(ssl, buf, sizeof(buf));
      if (n <= 0) {
        clientOpen = false;
        ::shutdown(up, SHUT_WR);
        continue;
      }
      if (::write(up, buf, static_cast<size_t>(n)) != n) break;
    }
    ::close(up);
  }

  void run() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      SSL* ssl = SSL_new(ctx_);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) == 1) {
        ++handshakes_;
        relay(ssl, fd);
        SSL_shutdown(ssl);
      }
      ERR_clear_error();
      SSL_free(ssl);
      ::close(fd);
    }
  }

  SSL_CTX* ctx_ = nullptr;
  int backend_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> handshakes_{0};
  std::thread thread_;
};

}  // namespace gitsync::source::testing
