#pragma once
// Test helpers for signature verification: signing keys made by the real tools (ssh-keygen,
// gpg) in a temp dir, and git invocations that sign with them.
#include <string>

#include "git_fixture.h"

namespace gitsync::source::testing {

// An SSH signing key made by `ssh-keygen -t <type>` (no passphrase) in `dir`.
struct SshKey {
  fs::path privateKey;
  std::string publicKey;    // the .pub line "ssh-ed25519 AAAA... comment"
  std::string fingerprint;  // "SHA256:..." as ssh-keygen -l prints it
  // `git -c ...` options that make commit -S / tag -s sign with this key.
  std::string gitConfig() const {
    return "-c gpg.format=ssh -c user.signingkey=" + quote(privateKey.string());
  }
};

inline SshKey makeSshKey(const fs::path& dir, const std::string& name, const std::string& type) {
  SshKey k;
  k.privateKey = dir / name;
  sh(dir, "ssh-keygen -q -t " + type + " -N '' -C " + name + " -f " + quote(k.privateKey.string()));
  k.publicKey = readFile(dir / (name + ".pub"));
  k.fingerprint = sh(dir, "ssh-keygen -l -f " + quote(name + ".pub") + " | cut -d' ' -f2");
  return k;
}

// A gpg home with one key made by `gpg --quick-gen-key <uid> <algo> sign never`. The agent gpg
// starts for it is stopped by the destructor.
class GpgKey {
 public:
  GpgKey(const fs::path& home, const std::string& email, const std::string& algo) : home_(home) {
    fs::create_directories(home_);
    fs::permissions(home_, fs::perms::owner_all);
    run("gpg --batch --quiet --passphrase '' --quick-gen-key " +
        quote("Test <" + email + ">") + " " + algo + " sign never");
    fingerprint_ = run("gpg --batch --with-colons --list-keys " + quote(email) +
                       " | awk -F: '$1 == \"fpr\" { print $10; exit }'");
    publicKey_ = run("gpg --batch --armor --export " + quote(email));
  }
  ~GpgKey() {
    try {
      run("gpgconf --kill gpg-agent");
    } catch (...) {
    }
  }
  GpgKey(const GpgKey&) = delete;
  GpgKey& operator=(const GpgKey&) = delete;

  // Runs `command` with GNUPGHOME set to this key's home, in the home folder.
  std::string run(const std::string& command) const {
    return sh(home_, "GNUPGHOME=" + quote(home_.string()) + " " + command);
  }
  // An environment prefix and `git -c ...` options that make git sign with this key.
  std::string gitPrefix() const {
    return "GNUPGHOME=" + quote(home_.string()) + " git -c gpg.format=openpgp -c user.signingkey=" +
           fingerprint_;
  }
  // Adds a signing subkey (`gpg --quick-add-key <fpr> <algo> sign never`), which gpg then signs
  // with; returns its fingerprint. publicKey() includes it from then on.
  std::string addSigningSubkey(const std::string& algo) {
    run("gpg --batch --quiet --passphrase '' --quick-add-key " + fingerprint_ + " " + algo +
        " sign never");
    publicKey_ = run("gpg --batch --armor --export " + fingerprint_);
    return run("gpg --batch --with-colons --list-keys " + fingerprint_ +
               " | awk -F: '$1 == \"fpr\" { n++; if (n == 2) print $10 }'");
  }
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& publicKey() const { return publicKey_; }

 private:
  fs::path home_;
  std::string fingerprint_;
  std::string publicKey_;
};

}  // namespace gitsync::source::testing
