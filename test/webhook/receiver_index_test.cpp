#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "gitsync/webhook/receiver_index.h"

using namespace gitsync;
using namespace gitsync::webhook;

TEST_CASE("webhookPath is /hook/ + sha256(token + name + namespace)") {
  // printf '%s' 's3cr3tgithub-receiverflux-system' | sha256sum
  CHECK(webhookPath("s3cr3t", "github-receiver", "flux-system") ==
        "/hook/605dbd4976c3504a20afec155a68122702621389b3b29f71feb118008a1696a1");
  // Plain concatenation, no separator (Flux's rule): name and namespace in that order.
  CHECK(webhookPath("s3cr3t", "github-receive", "rflux-system") ==
        webhookPath("s3cr3t", "github-receiver", "flux-system"));
  CHECK(webhookPath("s3cr3t", "flux-system", "github-receiver") !=
        webhookPath("s3cr3t", "github-receiver", "flux-system"));
}

TEST_CASE("ReceiverIndex serves one path per Receiver") {
  ReceiverIndex index;
  ReceiverEntry a{{"apps", "a"}, "github", {"push"}, "t1", {}, false};
  index.put("/hook/1", a);
  REQUIRE(index.find("/hook/1").has_value());
  CHECK(index.find("/hook/1")->token == "t1");
  CHECK(index.find("/hook/1")->events == std::vector<std::string>{"push"});
  CHECK(index.pathOf({"apps", "a"}) == std::optional<std::string>("/hook/1"));

  SECTION("a new token moves the Receiver to its new path") {
    a.token = "t2";
    a.suspended = true;
    index.put("/hook/2", a);
    CHECK_FALSE(index.find("/hook/1").has_value());
    REQUIRE(index.find("/hook/2").has_value());
    CHECK(index.find("/hook/2")->suspended);
    CHECK(index.size() == 1);
  }
  SECTION("remove forgets the path; removing again or an unknown key is a no-op") {
    index.put("/hook/3", ReceiverEntry{{"apps", "b"}, "generic", {}, "t3", {}, false});
    index.remove({"apps", "a"});
    index.remove({"apps", "a"});
    index.remove({"other", "a"});
    CHECK_FALSE(index.find("/hook/1").has_value());
    CHECK_FALSE(index.pathOf({"apps", "a"}).has_value());
    CHECK(index.size() == 1);
    CHECK(index.find("/hook/3")->key == controller::ObjectKey{"apps", "b"});
  }
}

TEST_CASE("ReceiverIndex takes writers and readers on many threads") {
  ReceiverIndex index;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&index, t] {
      for (int i = 0; i < 500; ++i) {
        controller::ObjectKey key{"ns", "r"};
        key.name.append(std::to_string(t));
        std::string path = "/hook/";
        path.append(std::to_string(t)).append("-").append(std::to_string(i % 3));
        index.put(path,
                  ReceiverEntry{key, "generic", {}, "x", {}, false});
        (void)index.find("/hook/0-0");
        if (i % 7 == 0) index.remove(key);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // Each thread's last step (i = 499) put its Receiver at "<t>-1".
  CHECK(index.size() == 4);
  for (int t = 0; t < 4; ++t) {
    CHECK(index.pathOf({"ns", std::string("r") + std::to_string(t)}) ==
          std::optional<std::string>(std::string("/hook/") + std::to_string(t) + "-1"));
  }
}
