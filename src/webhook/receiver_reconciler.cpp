// The Receiver reconciler: token -> webhookPath -> ReceiverIndex and status.
#include <chrono>
#include <memory>
#include <string>

#include "gitsync/webhook/receiver_index.h"
#include "gitsync/webhook/server.h"
#include "receiver_status.h"

namespace gitsync::webhook {
namespace {

using controller::ObjectKey;
using controller::ReconcileResult;
using kube::Json;

// Checked again this often while the token Secret is missing (Secrets are not watched), and
// when ready, so a rotated token moves the path.
constexpr std::chrono::milliseconds kTokenRetry = std::chrono::seconds(30);
constexpr std::chrono::milliseconds kRecheck = std::chrono::minutes(10);

class ReceiverReconciler final : public controller::Reconciler {
 public:
  ReceiverReconciler(kube::HttpKubeClient& client, ReceiverIndex& index)
      : client_(client), index_(index) {}

  Result<ReconcileResult> reconcile(const ObjectKey& key, std::stop_token) override {
    kube::ObjectRef ref{controller::receiverGvk(), key.ns, key.name};
    auto object = client_.get(ref);
    if (!object.ok()) {
      if (object.status().code() != Code::NotFound) return object.status();
      index_.remove(key);
      return ReconcileResult{};
    }
    auto meta = controller::parseMeta(*object);
    if (!meta.ok()) return meta.status();
    if (meta->deleting) {
      index_.remove(key);
      return ReconcileResult{};
    }

    ReceiverOutcome outcome;
    ReconcileResult result;
    auto receiver = controller::parseReceiver(*object);
    Status valid = receiver.ok() ? validateResources(receiver->spec.resources) : receiver.status();
    if (!valid.ok()) {
      index_.remove(key);
      outcome = {false, controller::reason::kInvalidSpec, valid.message(), "", true};
    } else {
      auto token = readToken(key.ns, receiver->spec.secretRef);
      if (!token.ok()) {
        if (token.status().code() == Code::Unavailable ||
            token.status().code() == Code::DeadlineExceeded) {
          return token.status();
        }
        index_.remove(key);
        outcome = {false, kTokenNotFound, token.status().message(), "", false};
        result.requeueAfter = kTokenRetry;
      } else {
        std::string path = webhookPath(*token, key.name, key.ns);
        index_.put(path, ReceiverEntry{key, receiver->spec.type, receiver->spec.events, *token,
                                       receiver->spec.resources, receiver->spec.suspend});
        outcome = {true, controller::reason::kSucceeded, "Receiver initialized for path: " + path,
                   path, false};
        result.requeueAfter = kRecheck;
      }
    }

    auto next = nextStatus(currentStatus(*object), *meta, outcome, controller::nowRfc3339());
    if (next) {
      auto patched = client_.patchStatus(ref, statusPatch(*next), {});
      if (!patched.ok()) {
        if (patched.status().code() == Code::NotFound) {
          index_.remove(key);
          return ReconcileResult{};
        }
        return patched.status();
      }
    }
    return result;
  }

 private:
  // The token of Secret `name`; errors other than Unavailable/DeadlineExceeded are the
  // Receiver's problem (Ready False TokenNotFound), not the reconcile's.
  Result<std::string> readToken(const std::string& ns, const std::string& name) {
    auto secret = client_.get({{"", "v1", "Secret"}, ns, name});
    if (!secret.ok()) return secret.status();
    return tokenFromSecret(*secret);
  }

  kube::HttpKubeClient& client_;
  ReceiverIndex& index_;
};

}  // namespace

std::unique_ptr<controller::Reconciler> makeReceiverReconciler(kube::HttpKubeClient& client,
                                                               ReceiverIndex& index) {
  return std::make_unique<ReceiverReconciler>(client, index);
}

}  // namespace gitsync::webhook
