// HttpKubeClient: object verbs over the transport (watch is in watch.cpp).
#include "gitsync/kube/http_client.h"

#include "api_status.h"
#include "discovery.h"
#include "transport.h"
#include "url.h"

namespace gitsync::kube {

namespace {

class TransportFetcher final : public DocumentFetcher {
 public:
  explicit TransportFetcher(Transport& transport) : transport_(transport) {}
  Result<HttpResponse> fetch(const std::string& path, const std::string& accept) override {
    HttpRequest request;
    request.path = path;
    request.accept = accept;
    return transport_.send(request, "discovery");
  }

 private:
  Transport& transport_;
};

const char* propagationName(Propagation p) {
  switch (p) {
    case Propagation::Background: return "Background";
    case Propagation::Foreground: return "Foreground";
    case Propagation::Orphan: return "Orphan";
  }
  return "Background";
}

HttpRequest withBody(std::string method, std::string verb, std::string path,
                     std::string contentType, std::string body) {
  HttpRequest r;
  r.method = std::move(method);
  r.verb = std::move(verb);
  r.path = std::move(path);
  r.contentType = std::move(contentType);
  r.body = std::move(body);
  r.hasBody = true;
  return r;
}

}  // namespace

HttpKubeClient::HttpKubeClient(std::unique_ptr<Transport> transport, std::string defaultNamespace,
                               const ClientOptions& options, Clock& clock)
    : transport_(std::move(transport)),
      fetcher_(std::make_unique<TransportFetcher>(*transport_)),
      discovery_(std::make_unique<Discovery>(*fetcher_, clock, options.discovery)),
      defaultNamespace_(defaultNamespace.empty() ? "default" : std::move(defaultNamespace)) {}

HttpKubeClient::~HttpKubeClient() = default;

Result<std::unique_ptr<HttpKubeClient>> HttpKubeClient::connect(const RestConfig& config,
                                                                const ClientOptions& options,
                                                                Clock& clock) {
  GITSYNC_ASSIGN_OR_RETURN(auto transport, Transport::create(config, options, clock));
  return std::unique_ptr<HttpKubeClient>(
      new HttpKubeClient(std::move(transport), config.ns, options, clock));
}

Result<std::unique_ptr<HttpKubeClient>> HttpKubeClient::connect(const RestConfig& config,
                                                                const ClientOptions& options) {
  auto clock = std::make_unique<SystemClock>();
  auto client = connect(config, options, *clock);
  if (client.ok()) (*client)->ownedClock_ = std::move(clock);
  return client;
}

RestMapper& HttpKubeClient::mapper() { return *discovery_; }
const std::string& HttpKubeClient::defaultNamespace() const { return defaultNamespace_; }
RequestMetrics HttpKubeClient::metrics() const { return transport_->metrics(); }
void HttpKubeClient::resetMetrics() { transport_->resetMetrics(); }

Result<std::pair<RestMapping, ObjectRef>> HttpKubeClient::target(const ObjectRef& ref,
                                                                 std::string_view verb) {
  auto mapping = discovery_->mapping(ref.gvk);
  if (!mapping.ok()) return mapping.status().withPrefix(ref.subject() + ": " + std::string(verb));
  ObjectRef resolved = ref;
  if (!mapping->namespaced) {
    resolved.ns.clear();
  } else if (resolved.ns.empty()) {
    resolved.ns = defaultNamespace_;
  }
  return std::make_pair(std::move(mapping).value(), std::move(resolved));
}

Result<Json> HttpKubeClient::exchange(const HttpRequest& request, const std::string& subject,
                                      std::string_view verb) {
  GITSYNC_ASSIGN_OR_RETURN(HttpResponse r,
                           transport_->send(request, subject + ": " + std::string(verb)));
  if (!isSuccess(r.code)) return statusFromResponse(r, subject, verb);
  Json doc = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return unavailable(subject + ": " + std::string(verb) + ": the server answered invalid JSON");
  }
  return doc;
}

Result<Json> HttpKubeClient::get(const ObjectRef& ref) {
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(ref, "get"));
  HttpRequest request;
  request.path = resourcePath(t.first, t.second.ns, t.second.name);
  return exchange(request, t.second.subject(), "get");
}

Result<ObjectList> HttpKubeClient::list(const GroupVersionKind& gvk, const ListOptions& options) {
  auto mapping = discovery_->mapping(gvk);
  std::string ns = mapping.ok() && mapping->namespaced ? options.ns : "";
  std::string subject = gvk.kind + (ns.empty() ? "" : "/" + ns);
  if (!mapping.ok()) return mapping.status().withPrefix(subject + ": list");
  ObjectList out;
  std::string continueToken = options.continueToken;
  while (true) {
    Query query;
    query.add("labelSelector", options.labelSelector).add("fieldSelector", options.fieldSelector);
    if (options.limit > 0) query.add("limit", std::to_string(options.limit));
    query.add("continue", continueToken);
    HttpRequest request;
    request.verb = "LIST";
    request.path = resourcePath(*mapping, ns) + query.str();
    GITSYNC_ASSIGN_OR_RETURN(Json page, exchange(request, subject, "list"));
    if (auto items = page.find("items"); items != page.end() && items->is_array()) {
      for (auto& item : *items) {
        if (!item.is_object()) continue;
        item["apiVersion"] = gvk.apiVersion();
        item["kind"] = gvk.kind;
        out.items.push_back(std::move(item));
      }
    }
    continueToken.clear();
    if (auto meta = page.find("metadata"); meta != page.end() && meta->is_object()) {
      auto rv = meta->find("resourceVersion");
      if (rv != meta->end() && rv->is_string()) out.resourceVersion = rv->get<std::string>();
      auto c = meta->find("continue");
      if (c != meta->end() && c->is_string()) continueToken = c->get<std::string>();
    }
    if (continueToken.empty() || options.singlePage) break;
  }
  out.continueToken = continueToken;
  return out;
}

Result<Json> HttpKubeClient::apply(const Json& object, const ApplyOptions& options) {
  auto ref = refOf(object);
  if (!ref.ok()) return ref.status().withPrefix("apply");
  if (ref->name.empty()) {
    return invalidArgument(ref->subject() + ": apply: metadata.name is required");
  }
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(*ref, "apply"));
  Query query;
  query.add("fieldManager", options.fieldManager);
  if (options.force) query.add("force", "true");
  if (options.dryRun) query.add("dryRun", "All");
  auto request = withBody("PATCH", "APPLY",
                          resourcePath(t.first, t.second.ns, t.second.name) + query.str(),
                          "application/apply-patch+yaml", dumpJson(object));
  return exchange(request, t.second.subject(), "apply");
}

Result<Json> HttpKubeClient::create(const Json& object, const WriteOptions& options) {
  auto ref = refOf(object);
  if (!ref.ok()) return ref.status().withPrefix("create");
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(*ref, "create"));
  Query query;
  query.add("fieldManager", options.fieldManager);
  if (options.dryRun) query.add("dryRun", "All");
  auto request = withBody("POST", "CREATE", resourcePath(t.first, t.second.ns) + query.str(),
                          "application/json", dumpJson(object));
  return exchange(request, t.second.subject(), "create");
}

Result<Json> HttpKubeClient::update(const Json& object, const WriteOptions& options) {
  auto ref = refOf(object);
  if (!ref.ok()) return ref.status().withPrefix("update");
  if (ref->name.empty()) {
    return invalidArgument(ref->subject() + ": update: metadata.name is required");
  }
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(*ref, "update"));
  Query query;
  query.add("fieldManager", options.fieldManager);
  if (options.dryRun) query.add("dryRun", "All");
  auto request = withBody("PUT", "UPDATE",
                          resourcePath(t.first, t.second.ns, t.second.name) + query.str(),
                          "application/json", dumpJson(object));
  return exchange(request, t.second.subject(), "update");
}

Result<Json> HttpKubeClient::patchStatus(const ObjectRef& ref, const Json& mergePatch,
                                         const WriteOptions& options) {
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(ref, "patch status"));
  Query query;
  query.add("fieldManager", options.fieldManager);
  if (options.dryRun) query.add("dryRun", "All");
  auto request = withBody("PATCH", "PATCH",
                          resourcePath(t.first, t.second.ns, t.second.name, "status") +
                              query.str(),
                          "application/merge-patch+json", dumpJson(mergePatch));
  return exchange(request, t.second.subject(), "patch status");
}

Result<Json> HttpKubeClient::del(const ObjectRef& ref, const DeleteOptions& options) {
  GITSYNC_ASSIGN_OR_RETURN(auto t, target(ref, "delete"));
  Json body = {{"apiVersion", "v1"},
               {"kind", "DeleteOptions"},
               {"propagationPolicy", propagationName(options.propagation)}};
  if (options.dryRun) body["dryRun"] = Json::array({"All"});
  if (options.gracePeriodSeconds) body["gracePeriodSeconds"] = *options.gracePeriodSeconds;
  if (!options.preconditionUid.empty()) body["preconditions"]["uid"] = options.preconditionUid;
  if (!options.preconditionResourceVersion.empty()) {
    body["preconditions"]["resourceVersion"] = options.preconditionResourceVersion;
  }
  auto request = withBody("DELETE", "DELETE", resourcePath(t.first, t.second.ns, t.second.name),
                          "application/json", dumpJson(body));
  return exchange(request, t.second.subject(), "delete");
}

}  // namespace gitsync::kube
