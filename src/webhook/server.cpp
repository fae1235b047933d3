// The webhook HTTP server (cpp-httplib): POST /hook/<sha256 hex> -> check -> annotate.
#include "gitsync/webhook/server.h"

#include "gitsync/controller/http_listener.h"

#include <httplib.h>


#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "annotator.h"
#include "gitsync/webhook/receiver_index.h"
#include "gitsync/webhook/signature.h"

namespace gitsync::webhook {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "annotated A, B; pending C; missing D" (the parts that are not empty), or "no targets".
std::string summary(const AnnotateOutcome& outcome) {
  std::string out;
  auto add = [&](const char* label, const std::vector<std::string>& items) {
    if (items.empty()) return;
    out += (out.empty() ? "" : "; ") + std::string(label) + " " + joined(items);
  };
  add("annotated", outcome.annotated);
  add("pending", outcome.pending);
  add("missing", outcome.missing);
  return out.empty() ? "no targets" : out;
}

void logToStderr(const CallRecord& record) {
  std::fprintf(stderr, "webhook: %s %d %s\n",
               record.receiver.empty() ? "-" : record.receiver.c_str(), record.status,
               record.result.c_str());
}

class HttpServer final : public Server {
 public:
  HttpServer(const ServerOptions& options, ReceiverIndex& index, kube::KubeClient& client)
      : options_(options),
        index_(index),
        annotator_(client, options.now ? options.now : [] {
          return std::chrono::system_clock::now();
        }) {
    if (!options_.log) options_.log = logToStderr;
    server_.set_payload_max_length(options_.maxBodyBytes);
    server_.Post(R"(/hook/.*)", [this](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader) {
      handle(req, res, reader);
    });
    auto notAllowed = [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "POST");
      res.set_content("method not allowed\n", "text/plain");
    };
    server_.Get(R"(/hook/.*)", notAllowed);
    server_.Put(R"(/hook/.*)", notAllowed);
    server_.Patch(R"(/hook/.*)", notAllowed);
    server_.Delete(R"(/hook/.*)", notAllowed);
  }

  ~HttpServer() override { stop(); }

  Status bind() {
    return listener_.start(options_.address, options_.port, "webhook: listen: cannot bind ");
  }

  int port() const override { return listener_.port(); }
  void stop() override { listener_.stop(); }

 private:
  void answer(httplib::Response& res, CallRecord record, const std::string& text) {
    res.status = record.status;
    res.set_content(text + "\n", "text/plain");
    options_.log(record);
  }

  void handle(const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader& reader) {
    auto entry = index_.find(req.path);
    if (!entry) {
      // The body stays unread: the connection must not be reused.
      res.set_header("Connection", "close");
      return answer(res, {"", 404, "unknown path"}, "not found");
    }
    std::string receiver = entry->key.str();
    if (entry->suspended) {
      res.set_header("Connection", "close");
      return answer(res, {receiver, 503, "suspended"}, "receiver is suspended");
    }
    std::string tooLarge = "body over " + std::to_string(options_.maxBodyBytes) + " bytes";
    if (req.has_header("Content-Length") &&
        req.get_header_value<uint64_t>("Content-Length") > options_.maxBodyBytes) {
      res.set_header("Connection", "close");
      return answer(res, {receiver, 413, tooLarge}, "request body too large");
    }
    std::string body;
    bool exceeded = false;
    bool read = reader([&](const char* data, size_t size) {
      if (body.size() + size > options_.maxBodyBytes) {
        exceeded = true;
        return false;
      }
      body.append(data, size);
      return true;
    });
    if (exceeded) {
      res.set_header("Connection", "close");
      return answer(res, {receiver, 413, tooLarge}, "request body too large");
    }
    if (!read) {
      res.set_header("Connection", "close");
      return answer(res, {receiver, 400, "body not read"}, "bad request");
    }

    HookCall call{[&req](std::string_view name) {
                    return req.get_header_value(std::string(name).c_str());
                  },
                  body};
    CheckResult check = checkCall(entry->type, call, entry->token, entry->events);
    if (check.verdict == Verdict::Reject) {
      return answer(res, {receiver, 401, check.detail}, "unauthorized: " + check.detail);
    }
    if (check.verdict == Verdict::Ignore) {
      return answer(res, {receiver, 200, check.detail + ": ignored"}, "ok: " + check.detail);
    }
    AnnotateOutcome outcome = annotator_.annotate(*entry);
    std::string result = check.detail + ": " + summary(outcome);
    if (!outcome.status.ok()) {
      return answer(res, {receiver, 500, result + "; " + outcome.status.message()},
                    "reconcile request failed");
    }
    answer(res, {receiver, 200, result}, "ok: " + result);
  }

  ServerOptions options_;
  ReceiverIndex& index_;
  TargetAnnotator annotator_;
  httplib::Server server_;
  controller::HttpListener listener_{server_};  // after server_: stops before it goes
};

}  // namespace

Result<std::unique_ptr<Server>> startServer(const ServerOptions& options, ReceiverIndex& index,
                                            kube::KubeClient& client) {
  auto server = std::make_unique<HttpServer>(options, index, client);
  GITSYNC_RETURN_IF_ERROR(server->bind());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace gitsync::webhook
