#include "source/ssh_key.h"

#include <catch2/catch.hpp>

#include "git_fixture.h"

using namespace gitsync::source::detail;
using namespace gitsync::source::testing;
using gitsync::Code;

TEST_CASE("ssh keys: OpenSSH and PEM keys, encrypted ones need a passphrase") {
  TempDir tmp;
  sh(tmp.path(),
     "ssh-keygen -q -t ed25519 -N '' -f plain && "
     "ssh-keygen -q -t ed25519 -N pw-12345 -f enc && "
     "ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f pem && "
     "ssh-keygen -q -t ecdsa -m PEM -N pw-12345 -f pemenc && "
     "ssh-keygen -q -t ecdsa -m PKCS8 -N pw-12345 -f p8enc");
  CHECK(checkPrivateKey(readFile(tmp.path() / "plain"), "").ok());
  CHECK(checkPrivateKey(readFile(tmp.path() / "pem"), "").ok());
  CHECK(checkPrivateKey(readFile(tmp.path() / "enc"), "pw-12345").ok());
  for (const char* name : {"enc", "pemenc", "p8enc"}) {
    INFO(name);
    const std::string key = readFile(tmp.path() / name);
    gitsync::Status st = checkPrivateKey(key, "");
    CHECK(st.code() == Code::FailedPrecondition);
    CHECK(st.message() == "ssh key: encrypted, and no passphrase was given");
    CHECK(checkPrivateKey(key, "pw-12345").ok());
  }
  gitsync::Status bad = checkPrivateKey(readFile(tmp.path() / "plain.pub"), "");
  CHECK(bad.code() == Code::InvalidArgument);
  CHECK(bad.message() == "ssh key: not a PEM or OpenSSH private key");
  CHECK(checkPrivateKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE "
                        "KEY-----\n", "").message() == "ssh key: not a PEM or OpenSSH private key");
}
