#include "watch_stream.h"

namespace gitsync::kube {

bool LineBuffer::feed(std::string_view chunk,
                      const std::function<bool(std::string_view)>& onLine) {
  size_t start = 0;
  while (start < chunk.size()) {
    size_t nl = chunk.find('\n', start);
    if (nl == std::string_view::npos) {
      pending_.append(chunk.substr(start));
      return true;
    }
    std::string_view piece = chunk.substr(start, nl - start);
    start = nl + 1;
    bool keepGoing = true;
    if (pending_.empty()) {
      if (!piece.empty()) keepGoing = onLine(piece);
    } else {
      pending_.append(piece);
      std::string line = std::move(pending_);
      pending_.clear();
      keepGoing = onLine(line);
    }
    if (!keepGoing) return false;
  }
  return true;
}

Result<RawWatchEvent> parseWatchLine(std::string_view line) {
  Json doc = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return invalidArgument("invalid watch event: " + std::string(line.substr(0, 200)));
  }
  auto type = doc.find("type");
  auto object = doc.find("object");
  if (type == doc.end() || !type->is_string() || object == doc.end() || !object->is_object()) {
    return invalidArgument("invalid watch event: " + std::string(line.substr(0, 200)));
  }
  return RawWatchEvent{type->get<std::string>(), std::move(*object)};
}

}  // namespace gitsync::kube
