#pragma once
// Checks of an SSH private key given as text before libssh2 sees it. Private to the source stage.
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::source::detail {

// OK for an OpenSSH ("BEGIN OPENSSH PRIVATE KEY") or PEM (RSA, EC, PKCS#8) private key that is
// unencrypted, or encrypted with a passphrase given. InvalidArgument "not a PEM or OpenSSH
// private key"; FailedPrecondition "encrypted, and no passphrase was given". The messages never
// quote the key. Whether the passphrase is right is only known when libssh2 decrypts the key.
Status checkPrivateKey(const std::string& key, const std::string& passphrase);

}  // namespace gitsync::source::detail
