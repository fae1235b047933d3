#pragma once
// Verifies an HTTPS server certificate against a CA given as PEM text, for one fetch only
// (libgit2 1.5 only has the process-wide GIT_OPT_SET_SSL_CERT_LOCATIONS). Private to the
// source stage.
#include <cstddef>
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::source::detail {

// OK when `pem` holds at least one PEM certificate; InvalidArgument "caCert: no PEM
// certificate found" otherwise.
Status checkCaBundle(const std::string& pem);

// Verifies the server's leaf certificate (DER, as libgit2's GIT_CERT_X509 gives it) for `host`
// (a DNS name or an IP literal): it must chain to one of the certificates in `caPem` (each is a
// trust anchor, so an intermediate CA may be given too), be within its validity period and name
// the host. Returns "" when it verifies, else OpenSSL's reason ("unable to get local issuer
// certificate", "hostname mismatch", "certificate has expired", ...).
std::string verifyServerCertificate(const std::string& caPem, const unsigned char* der,
                                    std::size_t length, const std::string& host);

}  // namespace gitsync::source::detail
