#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.h"

namespace gitsync::cli {
namespace {
int gExitCode = 0;  // set once by the command that runs; main() returns it
}  // namespace

int exitCode() { return gExitCode; }
void setExitCode(int code) { gExitCode = code; }

void setupLogging(const GlobalOptions& options) {
  auto logger = spdlog::stderr_logger_st("gitsync");
  if (options.logFormat == "json") {
    logger->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})", spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%^%l%$: %v");
  }
  logger->set_level(spdlog::level::from_str(options.logLevel));
  spdlog::set_default_logger(logger);
}

}  // namespace gitsync::cli
