#include "source/tls_verify.h"

#include <catch2/catch.hpp>

#include "git_fixture.h"

using namespace gitsync::source::detail;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

// `name`.pem signed by `issuer` (self-signed when empty), a CA unless `san` is given.
void makeCert(const TempDir& tmp, const std::string& name, const std::string& issuer,
              const std::string& san) {
  writeFile(tmp.path() / (name + ".ext"),
            san.empty() ? "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n"
                        : "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
  std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + name +
                    ".key -subj /CN=" + name;
  if (issuer.empty()) {
    sh(tmp.path(), "openssl req -x509 " + key + " -days 2 -addext "
                   "basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out " +
                       name + ".pem");
    return;
  }
  sh(tmp.path(), "openssl req " + key + " -out " + name + ".csr && openssl x509 -req -in " + name +
                     ".csr -CA " + issuer + ".pem -CAkey " + issuer + ".key -CAcreateserial "
                     "-days 2 -extfile " + name + ".ext -out " + name + ".pem");
}

// The DER bytes of `name`.pem.
std::string der(const TempDir& tmp, const std::string& name) {
  sh(tmp.path(), "openssl x509 -in " + name + ".pem -outform DER -out " + name + ".der");
  return readFile(tmp.path() / (name + ".der"));
}

std::string verify(const TempDir& tmp, const std::string& ca, const std::string& leaf,
                   const std::string& host) {
  std::string d = der(tmp, leaf);
  return verifyServerCertificate(readFile(tmp.path() / (ca + ".pem")),
                                 reinterpret_cast<const unsigned char*>(d.data()), d.size(),
                                 host);
}

}  // namespace

TEST_CASE("tls: a leaf verifies against its CA for the names it carries") {
  TempDir tmp;
  makeCert(tmp, "root", "", "");
  makeCert(tmp, "inter", "root", "");
  makeCert(tmp, "other", "", "");
  makeCert(tmp, "leaf", "root", "DNS:git.example,IP:127.0.0.1");
  makeCert(tmp, "deep", "inter", "DNS:deep.example");
  CHECK(verify(tmp, "root", "leaf", "git.example") == "");
  CHECK(verify(tmp, "root", "leaf", "GIT.example") == "");
  CHECK(verify(tmp, "root", "leaf", "127.0.0.1") == "");
  CHECK(verify(tmp, "root", "leaf", "other.example") == "hostname mismatch");
  CHECK(verify(tmp, "root", "leaf", "127.0.0.2") == "IP address mismatch");
  CHECK(verify(tmp, "other", "leaf", "git.example") == "unable to get local issuer certificate");
  // An intermediate given as caCert is a trust anchor of its own (as in Go's x509).
  CHECK(verify(tmp, "inter", "deep", "deep.example") == "");
  CHECK(verify(tmp, "root", "deep", "deep.example") == "unable to get local issuer certificate");
  // Several certificates in one caCert.
  writeFile(tmp.path() / "bundle.pem",
            readFile(tmp.path() / "other.pem") + readFile(tmp.path() / "root.pem"));
  CHECK(verify(tmp, "bundle", "leaf", "git.example") == "");
  std::string garbage = "junk";
  CHECK(verifyServerCertificate(readFile(tmp.path() / "root.pem"),
                                reinterpret_cast<const unsigned char*>(garbage.data()),
                                garbage.size(), "git.example") ==
        "the server certificate cannot be parsed");
}

TEST_CASE("tls: a caCert must hold a PEM certificate") {
  TempDir tmp;
  makeCert(tmp, "root", "", "");
  CHECK(checkCaBundle(readFile(tmp.path() / "root.pem")).ok());
  CHECK(checkCaBundle("# comment\n" + readFile(tmp.path() / "root.pem")).ok());
  gitsync::Status bad = checkCaBundle(readFile(tmp.path() / "root.key"));
  CHECK(bad.code() == Code::InvalidArgument);
  CHECK(bad.message() == "caCert: no PEM certificate found");
  CHECK(checkCaBundle("").message() == "caCert: no PEM certificate found");
}
