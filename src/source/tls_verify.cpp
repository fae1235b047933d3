#include "tls_verify.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>

namespace gitsync::source::detail {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};

// Adds every PEM certificate of `pem` to `store` (when given); returns how many there were.
int loadCertificates(const std::string& pem, X509_STORE* store) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  int count = 0;
  while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    std::unique_ptr<X509, X509Free> cert(raw);
    if (store != nullptr) X509_STORE_add_cert(store, cert.get());
    ++count;
  }
  ERR_clear_error();  // the read that ends the loop leaves "no start line"
  return count;
}

bool isIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Status checkCaBundle(const std::string& pem) {
  if (loadCertificates(pem, nullptr) == 0) {
    return invalidArgument("caCert: no PEM certificate found");
  }
  return okStatus();
}

std::string verifyServerCertificate(const std::string& caPem, const unsigned char* der,
                                    std::size_t length, const std::string& host) {
  const unsigned char* p = der;
  std::unique_ptr<X509, X509Free> leaf(d2i_X509(nullptr, &p, static_cast<long>(length)));
  if (!leaf) {
    ERR_clear_error();
    return "the server certificate cannot be parsed";
  }
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  if (loadCertificates(caPem, store.get()) == 0) return "caCert holds no PEM certificate";
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr) != 1) {
    ERR_clear_error();
    return "cannot set up the verification";
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (isIpLiteral(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) return "";
  return X509_verify_cert_error_string(err);
}

}  // namespace gitsync::source::detail
