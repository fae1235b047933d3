// Logging of `gitsync controller`: thread-safe, and with --log-format json one JSON object per
// line whose fields a structured message (a JSON object as the payload) adds to.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "cmd_controller.h"

namespace gitsync::cli {
namespace {

// {"time":"2026-11-22T02:16:10.123Z","level":"info","msg":"..."[, fields of the payload]}.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::ordered_json line;
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                      msg.time.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[40];
    std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis % 1000));
    line["time"] = buffer;
    auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = std::string(level.data(), level.size());
    std::string payload(msg.payload.data(), msg.payload.size());
    nlohmann::ordered_json fields;
    if (!payload.empty() && payload.front() == '{') {
      fields = nlohmann::ordered_json::parse(payload, nullptr, false);
    }
    if (fields.is_object()) {
      line["msg"] = fields.value("msg", "");
      for (auto& [key, value] : fields.items()) {
        if (key != "msg") line[key] = value;
      }
    } else {
      line["msg"] = payload;
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLineFormatter>();
  }
};

}  // namespace

void setupControllerLogging(const std::string& format, const std::string& level) {
  auto logger = std::make_shared<spdlog::logger>(
      "gitsync-controller", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (format == "json") {
    logger->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$: %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

void logReconcile(const controller::ReconcileRecord& r, bool json) {
  double seconds = static_cast<double>(r.duration.count()) / 1000.0;
  auto level = r.result == "error" ? spdlog::level::err : spdlog::level::info;
  if (json) {
    nlohmann::ordered_json fields{{"msg", "reconciled"},
                                  {"kind", r.kind},
                                  {"name", r.key.name},
                                  {"namespace", r.key.ns},
                                  {"result", r.result},
                                  {"revision", r.revision},
                                  {"duration", seconds}};
    if (!r.error.empty()) fields["error"] = r.error;
    if (r.requeueAfter.count() > 0) {
      fields["requeueAfter"] = static_cast<double>(r.requeueAfter.count()) / 1000.0;
    }
    spdlog::log(level, "{}", fields.dump(-1, ' ', false,
                                         nlohmann::json::error_handler_t::replace));
    return;
  }
  std::string text = "reconciled " + r.kind + "/" + r.key.str() + ": " + r.result;
  if (!r.revision.empty()) text += " revision " + r.revision;
  text += " in " + std::to_string(r.duration.count()) + " ms";
  if (!r.error.empty()) text += ": " + r.error;
  spdlog::log(level, "{}", text);
}

void logWebhookCall(const webhook::CallRecord& call, bool json) {
  auto level = call.status >= 500 ? spdlog::level::err
               : call.status >= 400 ? spdlog::level::warn
                                    : spdlog::level::info;
  if (json) {
    nlohmann::ordered_json fields{{"msg", "webhook"},
                                  {"receiver", call.receiver},
                                  {"status", call.status},
                                  {"result", call.result}};
    spdlog::log(level, "{}", fields.dump(-1, ' ', false,
                                         nlohmann::json::error_handler_t::replace));
    return;
  }
  spdlog::log(level, "webhook: {} {} {}", call.receiver.empty() ? "-" : call.receiver,
              call.status, call.result);
}

}  // namespace gitsync::cli
