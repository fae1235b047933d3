// HttpKubeClient::watch: a streamed GET ?watch=1, one event per line.
#include "api_status.h"
#include "discovery.h"
#include "gitsync/kube/http_client.h"
#include "transport.h"
#include "url.h"
#include "watch_stream.h"

namespace gitsync::kube {

namespace {

// How long past the server-side timeoutSeconds the client waits before giving up.
constexpr std::chrono::seconds kWatchTimeoutSlack{30};

std::string resourceVersionOf(const Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  auto rv = meta->find("resourceVersion");
  return rv != meta->end() && rv->is_string() ? rv->get<std::string>() : std::string();
}

std::optional<WatchEventType> eventType(const std::string& type) {
  if (type == "ADDED") return WatchEventType::Added;
  if (type == "MODIFIED") return WatchEventType::Modified;
  if (type == "DELETED") return WatchEventType::Deleted;
  if (type == "BOOKMARK") return WatchEventType::Bookmark;
  return std::nullopt;
}

// The watch's state while events arrive.
struct WatchState {
  const WatchOptions& options;
  const WatchCallback& onEvent;
  std::string subject;
  WatchEnd end;
  bool expired = false;
  bool stopped = false;
  Status error;

  // Handles one line; false ends the stream.
  bool line(std::string_view text) {
    auto raw = parseWatchLine(text);
    if (!raw.ok()) {
      error = unavailable(subject + ": watch: " + raw.status().message());
      return false;
    }
    if (raw->type == "ERROR") {
      auto c = raw->object.find("code");
      long code = c != raw->object.end() && c->is_number_integer() ? c->get<long>() : 0;
      if (code == 410) {
        expired = true;
      } else {
        error = statusFromApiStatus(raw->object, subject, "watch");
      }
      return false;
    }
    auto type = eventType(raw->type);
    if (!type) return true;  // a type this client does not know: skip it
    std::string rv = resourceVersionOf(raw->object);
    if (!rv.empty()) end.resourceVersion = rv;
    WatchEvent event{*type, std::move(raw->object)};
    try {
      if (!onEvent(event)) {
        stopped = true;
        return false;
      }
    } catch (const std::exception& e) {
      error = internalError(subject + ": watch: callback threw: " + e.what());
      return false;
    } catch (...) {
      error = internalError(subject + ": watch: callback threw");
      return false;
    }
    if (options.stopRequested && options.stopRequested()) {
      stopped = true;
      return false;
    }
    return true;
  }
};

}  // namespace

Result<WatchEnd> HttpKubeClient::watch(const GroupVersionKind& gvk, const WatchOptions& options,
                                       const WatchCallback& onEvent) {
  auto mapping = discovery_->mapping(gvk);
  std::string ns = mapping.ok() && mapping->namespaced ? options.ns : "";
  WatchState state{options, onEvent, gvk.kind + (ns.empty() ? "" : "/" + ns), {}};
  state.end.resourceVersion = options.resourceVersion;
  if (!mapping.ok()) return mapping.status().withPrefix(state.subject + ": watch");

  Query query;
  query.add("watch", "1")
      .add("resourceVersion", options.resourceVersion)
      .add("allowWatchBookmarks", options.allowWatchBookmarks ? "true" : "")
      .add("timeoutSeconds", std::to_string(options.timeout.count()))
      .add("labelSelector", options.labelSelector)
      .add("fieldSelector", options.fieldSelector);
  HttpRequest request;
  request.verb = "WATCH";
  request.path = resourcePath(*mapping, ns) + query.str();

  LineBuffer lines;
  std::function<bool(std::string_view)> onLine = [&](std::string_view l) { return state.line(l); };
  std::function<bool(std::string_view)> onData = [&](std::string_view chunk) {
    return lines.feed(chunk, onLine);
  };
  std::function<bool()> stop = options.stopRequested;
  auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout +
                                                                       kWatchTimeoutSlack);
  GITSYNC_ASSIGN_OR_RETURN(auto streamed,
                           transport_->stream(request, state.subject + ": watch", onData, stop,
                                              timeout));
  const HttpResponse& response = streamed.response;
  if (!isSuccess(response.code)) {
    if (response.code == 410) {
      state.end.reason = WatchEndReason::Expired;
      return state.end;
    }
    return statusFromResponse(response, state.subject, "watch");
  }
  // A last event without its newline, when the server closed the stream.
  if (!streamed.stopped && !state.expired && state.error.ok() && !lines.pending().empty()) {
    state.line(lines.pending());
  }
  if (state.expired) {
    state.end.reason = WatchEndReason::Expired;
    return state.end;
  }
  if (!state.error.ok()) return state.error;
  state.end.reason = state.stopped || streamed.stopped ? WatchEndReason::Stopped
                                                       : WatchEndReason::Closed;
  return state.end;
}

}  // namespace gitsync::kube
