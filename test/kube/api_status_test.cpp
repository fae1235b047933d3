// Kubernetes API errors as gitsync Status values.
#include <catch2/catch.hpp>

#include "gitsync/kube/client.h"
#include "kube/api_status.h"

using namespace gitsync;
using namespace gitsync::kube;

namespace {
HttpResponse response(long code, std::string body, int attempts = 1) {
  HttpResponse r;
  r.code = code;
  r.body = std::move(body);
  r.attempts = attempts;
  return r;
}
std::string apiStatus(long code, const std::string& reason, const std::string& message) {
  return Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
              {"code", code},     {"reason", reason},   {"message", message}}
      .dump();
}
}  // namespace

TEST_CASE("codes for HTTP statuses and API reasons") {
  struct Row {
    long http;
    const char* reason;
    Code code;
  };
  std::vector<Row> rows = {
      {400, "BadRequest", Code::InvalidArgument},
      {401, "Unauthorized", Code::FailedPrecondition},
      {403, "Forbidden", Code::FailedPrecondition},
      {404, "NotFound", Code::NotFound},
      {405, "MethodNotAllowed", Code::Unimplemented},
      {409, "AlreadyExists", Code::AlreadyExists},
      {409, "Conflict", Code::Aborted},
      {410, "Expired", Code::Aborted},
      {410, "Gone", Code::Aborted},
      {413, "RequestEntityTooLarge", Code::InvalidArgument},
      {415, "UnsupportedMediaType", Code::Unimplemented},
      {422, "Invalid", Code::InvalidArgument},
      {429, "TooManyRequests", Code::Unavailable},
      {500, "InternalError", Code::Unavailable},
      {501, "NotImplemented", Code::Unimplemented},
      {503, "ServiceUnavailable", Code::Unavailable},
      {504, "Timeout", Code::DeadlineExceeded},
      {500, "Timeout", Code::DeadlineExceeded},
  };
  for (const auto& row : rows) {
    INFO(row.http << " " << row.reason);
    CHECK(codeForHttp(row.http, row.reason) == row.code);
  }
}

TEST_CASE("a Status body gives the reason and the message") {
  auto s = statusFromResponse(
      response(422, apiStatus(422, "Invalid",
                              "Job.batch \"once\" is invalid: spec.selector: Invalid value: "
                              "{}: field is immutable")),
      "Job/prod/once", "apply");
  CHECK(s.code() == Code::InvalidArgument);
  CHECK(s.message() ==
        "Job/prod/once: apply: Invalid: Job.batch \"once\" is invalid: spec.selector: Invalid "
        "value: {}: field is immutable");

  auto exists = statusFromResponse(
      response(409, apiStatus(409, "AlreadyExists", "configmaps \"a\" already exists")),
      "ConfigMap/ns/a", "create");
  CHECK(exists.code() == Code::AlreadyExists);
  CHECK(exists.message() == "ConfigMap/ns/a: create: AlreadyExists: configmaps \"a\" already exists");
}

TEST_CASE("bodies that are not a Status are quoted after the HTTP reason") {
  auto s = statusFromResponse(response(503, "upstream connect error\n", 5), "discovery",
                              "GET /apis");
  CHECK(s.code() == Code::Unavailable);
  CHECK(s.message() ==
        "discovery: GET /apis: ServiceUnavailable: upstream connect error (after 5 attempts)");
  auto empty = statusFromResponse(response(418, ""), "X/y", "get");
  CHECK(empty.code() == Code::InvalidArgument);
  CHECK(empty.message() == "X/y: get: HTTP 418");
  auto longBody = statusFromResponse(response(500, std::string(300, 'x')), "X/y", "get");
  CHECK(longBody.message() == "X/y: get: InternalError: " + std::string(200, 'x'));
}

TEST_CASE("a watch ERROR event's Status") {
  Json status = Json::parse(apiStatus(500, "InternalError", "etcd is down"));
  auto s = statusFromApiStatus(status, "ConfigMap/ns", "watch");
  CHECK(s.code() == Code::Unavailable);
  CHECK(s.message() == "ConfigMap/ns: watch: InternalError: etcd is down");
  auto bare = statusFromApiStatus(Json::object(), "ConfigMap/ns", "watch");
  CHECK(bare.message() == "ConfigMap/ns: watch: InternalError");
}

TEST_CASE("isImmutableFieldError recognises the API's immutability messages") {
  CHECK(isImmutableFieldError(invalidArgument(
      "Job/a/b: apply: Invalid: Job.batch \"b\" is invalid: spec.selector: Invalid value: {}: "
      "field is immutable")));
  CHECK(isImmutableFieldError(invalidArgument(
      "Service/a/web: apply: Invalid: Service \"web\" is invalid: spec.clusterIPs[0]: Invalid "
      "value: [\"10.96.200.200\"]: may not change once set")));
  CHECK_FALSE(isImmutableFieldError(invalidArgument("X/a/b: apply: Invalid: spec.replicas: "
                                                    "Invalid value: -1: must be >= 0")));
  CHECK_FALSE(isImmutableFieldError(Status(Code::Aborted, "field is immutable")));
}
