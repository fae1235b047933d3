#include <catch2/catch.hpp>

#include "kube/watch_stream.h"

using namespace gitsync;
using namespace gitsync::kube;

TEST_CASE("lines are reassembled across chunks") {
  LineBuffer buffer;
  std::vector<std::string> lines;
  auto collect = [&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  };
  CHECK(buffer.feed("{\"a\":1}\n{\"b\"", collect));
  CHECK(buffer.feed(":2}", collect));
  CHECK(buffer.feed("\n\n{\"c\":3}\n{\"d", collect));
  CHECK(lines == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"});
  CHECK(buffer.pending() == "{\"d");
}

TEST_CASE("feed stops at the first line the callback refuses") {
  LineBuffer buffer;
  int calls = 0;
  CHECK_FALSE(buffer.feed("1\n2\n3\n", [&](std::string_view) { return ++calls < 2; }));
  CHECK(calls == 2);
}

TEST_CASE("watch lines: type and object, or an error") {
  auto event = parseWatchLine(R"({"type":"MODIFIED","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"7"}}})");
  REQUIRE(event.ok());
  CHECK(event->type == "MODIFIED");
  CHECK(event->object["metadata"]["resourceVersion"] == "7");

  for (const char* bad : {"{", "[]", R"({"type":"ADDED"})", R"({"type":1,"object":{}})",
                          R"({"type":"ADDED","object":"x"})"}) {
    auto r = parseWatchLine(bad);
    INFO(bad);
    CHECK(r.status().code() == Code::InvalidArgument);
    CHECK(r.status().message() == std::string("invalid watch event: ") + bad);
  }
}
